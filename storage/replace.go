package storage

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// ErrInUse: a file cannot be replaced because another program holds it open
// (on Windows, where a file open in Excel or a PDF viewer cannot be renamed
// over).
var ErrInUse = errors.New("it is open in another program; close it there and try again")

// Windows error numbers (winerror.h), named here so that the mapping below
// is plain code that the tests run on every system.
const (
	winAccessDenied     = syscall.Errno(5)
	winSharingViolation = syscall.Errno(32)
	winLockViolation    = syscall.Errno(33)
)

// replaceFile renames tmp over path: replaceWith with this system's rules
// (replace_windows.go, replace_other.go).
func replaceFile(tmp, path string) error {
	return replaceWith(os.Rename, tmp, path, renameTries, inUse, time.Sleep)
}

// replaceWith renames tmp over path, trying again up to tries times while
// busy(err, path) says another program holds the target (a virus scanner
// holds a new file for a moment), and then returns ErrInUse.
func replaceWith(rename func(old, new string) error, tmp, path string, tries int, busy func(error, string) bool, sleep func(time.Duration)) error {
	wait := 20 * time.Millisecond
	for i := 1; ; i++ {
		err := rename(tmp, path)
		switch {
		case err == nil:
			return nil
		case !busy(err, path):
			return err
		case i >= tries:
			return ErrInUse
		}
		sleep(wait)
		wait *= 2
	}
}

// windowsSharing reports whether err is Windows' refusal to open or lock a
// file that another process holds.
func windowsSharing(err error) bool {
	return errors.Is(err, winSharingViolation) || errors.Is(err, winLockViolation)
}

// windowsInUse reports whether a failed rename over path means that another
// program holds path open: a sharing violation, or "access denied" for a
// target that exists and is not read-only (what MoveFileEx says when the
// file is open without FILE_SHARE_DELETE).
func windowsInUse(err error, path string) bool {
	if windowsSharing(err) {
		return true
	}
	if !errors.Is(err, winAccessDenied) {
		return false
	}
	st, serr := os.Stat(path)
	return serr == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o200 != 0
}
