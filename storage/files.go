package storage

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Errors about files chosen by the user, for reading or writing. Each is
// wrapped with the path in plain words.
var (
	// ErrOverwritesInput: an output path names the database or one of the
	// files the command reads; nothing was written.
	ErrOverwritesInput = errors.New("an output may not replace the database or an input")
	// ErrNotRegular: a file to read is a device, a pipe or a folder.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: a file to read is larger than the limit for its kind.
	ErrTooLarge = errors.New("the file is too large")
)

// CheckOutput refuses an output path that is, after following links, the
// database db or one of inputs (empty paths are skipped), so that no export
// ever replaces the file it was made from. Both the CLI and the app call it
// before writing anything.
func CheckOutput(out, db string, inputs ...string) error {
	if db != "" && same(out, db) {
		return fmt.Errorf("cannot write %s: it is the database %s (%w); choose another file", out, db, ErrOverwritesInput)
	}
	for _, in := range inputs {
		if in != "" && same(out, in) {
			return fmt.Errorf("cannot write %s: it is the input file %s (%w); choose another file", out, in, ErrOverwritesInput)
		}
	}
	return nil
}

// same reports whether two paths name the same file (after following links)
// or, when either does not exist yet, the same absolute path.
func same(a, b string) bool {
	ia, erra := os.Stat(a)
	ib, errb := os.Stat(b)
	if erra == nil && errb == nil {
		return os.SameFile(ia, ib)
	}
	aa, erra := filepath.Abs(a)
	ab, errb := filepath.Abs(b)
	return erra == nil && errb == nil && aa == ab
}

// OpenInput opens a file the user chose for reading. Anything but a regular
// file (a device such as /dev/zero, a pipe, a folder) is refused at once,
// before a byte is read: reading one could block or never end.
func OpenInput(path string) (*os.File, error) {
	if st, err := os.Stat(path); err == nil {
		if err := checkRegular(path, st); err != nil {
			return nil, err
		}
	}
	f, err := os.Open(path)
	if err != nil {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err // the path is named once
		}
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	st, err := f.Stat() // again: the name may have changed meanwhile
	if err == nil {
		err = checkRegular(path, st)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func checkRegular(path string, st fs.FileInfo) error {
	var what string
	switch m := st.Mode(); {
	case m.IsRegular():
		return nil
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a pipe"
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		what = "a device"
	default:
		what = "not a file"
	}
	return fmt.Errorf("read %s: it is %s, %w", path, what, ErrNotRegular)
}

// ReadInput reads a regular file of at most limit bytes (OpenInput): a
// larger one is refused from its size before it is read, and one that grows
// while it is read stops at the limit, so memory stays bounded.
func ReadInput(path string, limit int64) ([]byte, error) {
	f, err := OpenInput(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooLarge := fmt.Errorf("read %s: %w (over %s)", path, ErrTooLarge, sizeWords(limit))
	if st, err := f.Stat(); err == nil && st.Size() > limit {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge
	}
	return data, nil
}

// sizeWords is a limit in the units people read: "32 MiB", "512 KiB".
func sizeWords(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
