package storage

import (
	"errors"
	"fmt"

	berrors "go.etcd.io/bbolt/errors"
)

// Sentinel errors. Every error from this package that means one of these wraps
// it (test with errors.Is); bbolt's own errors never leak through.
var (
	// ErrNotFound: no such assessment (or response, or trashed assessment).
	ErrNotFound = errors.New("not found")
	// ErrLocked: another process holds the database open.
	ErrLocked = errors.New("the database is open in another window")
	// ErrNewerSchema: the file was written by a newer soc2ready; it is left
	// untouched.
	ErrNewerSchema = errors.New("the database was written by a newer version of soc2ready")
	// ErrCorrupt: the file is damaged, truncated, empty, a folder, or not a
	// soc2ready database. It is never modified or deleted.
	ErrCorrupt = errors.New("not a usable soc2ready database")
	// ErrInvalidImport: an interchange file was rejected; nothing was written.
	// Such errors also wrap assessment.ErrInvalidFile when the file itself is
	// at fault.
	ErrInvalidImport = errors.New("invalid import")
	// ErrInvalidValue: a value that could not be exported and imported again
	// (empty company, unknown status, …) was refused; nothing was written.
	ErrInvalidValue = errors.New("invalid value")
	// ErrReadOnly: a change was attempted on a store opened read-only.
	ErrReadOnly = errors.New("the database is open read-only")
	// ErrClosed: the store was used after Close.
	ErrClosed = errors.New("the database is closed")
)

// corrupt describes why the file at path is unusable.
func corrupt(path, why string) error {
	return fmt.Errorf("open %s: %w: %s; it was left untouched", path, ErrCorrupt, why)
}

// mapErr translates bbolt's errors into this package's; others (from the
// operating system, such as a full disk) pass through wrapped.
func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, berrors.ErrDatabaseNotOpen), errors.Is(err, berrors.ErrTxClosed):
		return ErrClosed
	case errors.Is(err, berrors.ErrDatabaseReadOnly), errors.Is(err, berrors.ErrTxNotWritable):
		return ErrReadOnly
	case errors.Is(err, berrors.ErrTimeout), openElsewhere(err):
		return ErrLocked
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping):
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	case errors.Is(err, berrors.ErrKeyRequired), errors.Is(err, berrors.ErrKeyTooLarge),
		errors.Is(err, berrors.ErrValueTooLarge):
		return fmt.Errorf("%w: %v", ErrInvalidValue, err)
	case isBoltError(err):
		// Bucket-structure errors mean the file does not have the layout
		// this version wrote.
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return err
}

func isBoltError(err error) bool {
	for _, e := range []error{
		berrors.ErrFreePagesNotLoaded, berrors.ErrBucketNotFound, berrors.ErrBucketExists,
		berrors.ErrBucketNameRequired, berrors.ErrIncompatibleValue, berrors.ErrSameBuckets,
		berrors.ErrDifferentDB,
	} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// importError is what Import returns: it reads like the underlying problem
// and matches both ErrInvalidImport and that problem with errors.Is.
type importError struct{ err error }

func (e *importError) Error() string   { return "import: " + e.err.Error() }
func (e *importError) Unwrap() []error { return []error{ErrInvalidImport, e.err} }
