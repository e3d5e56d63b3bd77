package storage

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes a file through write, so that readers see either the
// old file or the whole new one, never a half-written file, even if the
// process is killed: it writes a temporary file beside the target, syncs it
// and renames it over the target. On any error nothing is left behind and the
// message names the path in plain words. Every export (reports, CSV,
// interchange files, backups) goes through here; files are 0600, since they
// describe a company's security gaps.
func WriteFileAtomic(path string, write func(w io.Writer) error) (err error) {
	fail := func(err error) error {
		return fmt.Errorf("cannot write %s: %w", path, plainIOError(err))
	}
	if st, statErr := os.Stat(path); statErr == nil && st.IsDir() {
		return fail(errors.New("it is a folder"))
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fail(err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if err = f.Sync(); err != nil {
		return fail(err)
	}
	if err = f.Close(); err != nil {
		return fail(err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fail(err)
	}
	syncDir(dir)
	return nil
}

// plainIOError keeps the sentinel (so errors.Is still works) but drops the
// temporary file's name from the message: the user chose another name.
func plainIOError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrPermission):
			return fmt.Errorf("permission denied: %w", fs.ErrPermission)
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("the folder does not exist: %w", fs.ErrNotExist)
		}
		return pe.Err
	}
	return err
}
