package storage

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WriteFileAtomic writes a file through write, so that readers see either the
// old file or the whole new one, never a half-written file, even if the
// process is killed: it writes a temporary file beside the target, syncs it
// and renames it over the target. On any error nothing is left behind and the
// message names the path in plain words. Every export (reports, CSV,
// interchange files, backups) goes through here; files are 0600, since they
// describe a company's security gaps.
//
// A target that is not a regular file (a device such as /dev/null or
// /dev/full, a pipe, /dev/stdout) is written to directly instead: renaming
// over it would replace the node with a file and hide write errors such as
// a full disk. A link is followed: the file it points to is replaced and
// the link kept. Stale temporary files of ours in the folder are swept first
// (sweepStale), and a temporary file is removed on SIGINT or SIGTERM
// (RemoveTempsOnSignal).
func WriteFileAtomic(path string, write func(w io.Writer) error) (err error) {
	fail := func(err error) error {
		return fmt.Errorf("cannot write %s: %w", path, plainIOError(err))
	}
	st, statErr := os.Stat(path)
	switch {
	case statErr == nil && st.IsDir():
		return fail(errors.New("it is a folder"))
	case statErr == nil && !st.Mode().IsRegular(), isDescriptorAlias(path):
		return writeDirect(path, write)
	}
	target := path
	if real, err := filepath.EvalSymlinks(path); err == nil {
		target = real // replace the file a link points to, and keep the link
	}
	dir := filepath.Dir(target)
	sweepStale(dir)
	f, err := createTemp(dir, "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return fail(err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			dropTemp(tmp, true)
		}
	}()
	if err = WriteStream(f, path, write); err != nil {
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
	if err = replaceFile(tmp, target); err != nil {
		return fail(err)
	}
	dropTemp(tmp, false)
	syncDir(dir)
	return nil
}

// isDescriptorAlias reports whether path leads, through links, into
// /proc/…/fd or /dev/fd: /dev/stdout, /dev/fd/1 and /proc/self/fd/1 name whatever
// standard output is (a terminal, a pipe, a file), and no file may be
// created or renamed there.
func isDescriptorAlias(path string) bool {
	for range 8 { // links to links, but not for ever
		abs, err := filepath.Abs(path)
		if err != nil {
			return false
		}
		dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
		if err != nil {
			return false
		}
		if d := filepath.ToSlash(dir); strings.HasPrefix(d, "/proc/") || d == "/dev/fd" { // Linux; macOS and the BSDs
			return true
		}
		target, err := os.Readlink(filepath.Join(dir, filepath.Base(abs)))
		if err != nil {
			return false // not a link
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(dir, target)
		}
		path = target
	}
	return false
}

// writeDirect writes to an existing device or pipe in place, reporting every
// error of the writes and of closing it.
func writeDirect(path string, write func(w io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err // nothing is created here: no folder to blame
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	err = WriteStream(f, path, write)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("cannot write %s: %w", path, plainIOError(cerr))
	}
	return err
}

// WriteStream runs write on w and reports a failure of w itself (a full
// disk, a closed pipe) as "cannot write NAME: …", even if write ignored it
// or returned its own error instead.
func WriteStream(w io.Writer, name string, write func(w io.Writer) error) error {
	ew := &errWriter{w: w}
	err := write(ew)
	if ew.err != nil {
		return fmt.Errorf("cannot write %s: %w", name, plainIOError(ew.err))
	}
	return err
}

// errWriter remembers the first error of the writer it wraps and refuses
// every write after it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, err
}

// plainIOError keeps the sentinel (so errors.Is still works) but drops the
// temporary file's name from the message: the user chose another name.
func plainIOError(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	default:
		return err
	}
	switch {
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("permission denied: %w", fs.ErrPermission)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("the folder does not exist: %w", fs.ErrNotExist)
	}
	return err
}
