package storage

import (
	"errors"
	"fmt"
	"io"

	"go.etcd.io/bbolt"

	"soc2ready/assessment"
)

// Export returns an assessment as an interchange file (assessment.EncodeFile
// of Get): everything stored, history and responses included.
func (s *Store) Export(id string) ([]byte, error) {
	a, err := s.Get(id)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	data, err := assessment.EncodeFile(a)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return data, nil
}

// Import stores an interchange file as a new assessment and returns its ID.
// The file is validated fully against b (the store's bank when nil) before
// anything is written, then written in one transaction: on any error nothing
// is stored, and the error wraps ErrInvalidImport (and, for a bad file,
// assessment.ErrInvalidFile).
//
// The new assessment gets a new ID and Updated is now; Created, answers with
// their times, plan, responses (with their IDs, unless missing or repeated)
// and history are kept as in the file.
func (s *Store) Import(data []byte, b *assessment.Bank) (string, error) {
	if b == nil {
		b = s.bank
	}
	if b == nil {
		return "", errors.New("import: no question bank to check the file against")
	}
	a, err := assessment.DecodeFile(data, b)
	if err != nil {
		return "", &importError{err}
	}
	t := now()
	h := headerOf(a)
	if h.Created.IsZero() {
		h.Created = t
	}
	h.Updated = t
	if err := validate(a, h); err != nil {
		return "", &importError{err}
	}
	var id string
	err = s.update(func(tx *bbolt.Tx) (err error) {
		id, err = s.put(tx, a, h)
		return err
	})
	switch {
	case errors.Is(err, ErrInvalidValue):
		return "", &importError{err}
	case err != nil:
		return "", fmt.Errorf("import: %w", err)
	}
	return id, nil
}

// Backup writes a consistent copy of the whole database to w while the
// store stays in use (a read transaction), and returns the bytes written.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.view(func(tx *bbolt.Tx) (err error) {
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backup: %w", err)
	}
	return n, nil
}

// BackupTo writes a backup to a file atomically with WriteFileAtomic (path
// holds either what it held before or the complete backup). It refuses to
// replace the open database.
func (s *Store) BackupTo(path string) error {
	if err := CheckOutput(path, s.path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	err := WriteFileAtomic(path, func(w io.Writer) error {
		return s.view(func(tx *bbolt.Tx) error {
			_, err := tx.WriteTo(w)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// ExportTo writes Export's file to path atomically with WriteFileAtomic. It
// refuses to replace the open database (the rename would orphan the open
// file, and every change after it).
func (s *Store) ExportTo(id, path string) error {
	if err := CheckOutput(path, s.path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	data, err := s.Export(id)
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
