package storage

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func TestWriteFileAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.pdf")
	if err := os.WriteFile(path, []byte("an older report"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, writeString("the new report")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "the new report" {
		t.Fatalf("file holds %q (%v)", got, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600: exports describe security gaps", st.Mode().Perm())
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"plan.pdf"}) {
		t.Errorf("the folder holds %v, want only plan.pdf", names)
	}
}

// A failing writer leaves the old file as it was and nothing else behind.
func TestWriteFileAtomicKeepsOldFileOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.csv")
	os.WriteFile(path, []byte("old"), 0o600)
	boom := errors.New("render failed")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "half a fi")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want the writer's", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("old file changed to %q", got)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"plan.csv"}) {
		t.Errorf("the folder holds %v", names)
	}
}

// readOnlyDir returns a folder in which creating a file fails with a
// permission error. Root ignores permission bits, so on Linux it falls back
// to /sys, where nobody can create files.
func readOnlyDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	probe := filepath.Join(dir, "probe")
	if f, err := os.Create(probe); err == nil {
		f.Close()
		os.Remove(probe)
	} else {
		return dir
	}
	if runtime.GOOS == "linux" {
		if f, err := os.Create("/sys/soc2ready-probe"); err != nil && errors.Is(err, fs.ErrPermission) {
			return "/sys"
		} else if err == nil {
			f.Close()
			os.Remove("/sys/soc2ready-probe")
		}
	}
	t.Skip("cannot make a read-only folder here (running as root without /sys)")
	return ""
}

func TestWriteFileAtomicErrors(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	folder := t.TempDir()
	tests := []struct {
		name string
		path func(t *testing.T) string
		want string
		is   error
	}{
		{"read-only folder", func(t *testing.T) string { return filepath.Join(readOnlyDir(t), "plan.pdf") }, "permission denied", fs.ErrPermission},
		{"parent is a file", func(t *testing.T) string { return filepath.Join(notDir, "plan.pdf") }, "not a directory", nil},
		{"missing folder", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope", "plan.pdf") }, "the folder does not exist", fs.ErrNotExist},
		{"path is a folder", func(t *testing.T) string { return folder }, "it is a folder", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path(t)
			dir := filepath.Dir(path)
			before, _ := os.ReadDir(dir)
			err := WriteFileAtomic(path, writeString("report"))
			if err == nil {
				t.Fatal("no error")
			}
			if want := "cannot write " + path + ": " + tt.want; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q, want %q", err, want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v does not wrap %v", err, tt.is)
			}
			after, _ := os.ReadDir(dir)
			if len(after) != len(before) {
				t.Errorf("the folder held %d entries and now %d: something was left behind", len(before), len(after))
			}
		})
	}
}

// A device is written to in place, never replaced by a regular file, and
// its write errors (a full disk) are reported.
func TestWriteFileAtomicDevices(t *testing.T) {
	for _, dev := range []string{"/dev/null", "/dev/full"} {
		if st, err := os.Stat(dev); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
			t.Skipf("no %s here", dev)
		}
	}
	tests := []struct {
		path, want string
		is         error
	}{
		{"/dev/null", "", nil},
		{"/dev/full", "cannot write /dev/full: no space left on device", syscall.ENOSPC},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			err := WriteFileAtomic(tt.path, writeString(strings.Repeat("report ", 10_000)))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.want != "" && (err == nil || err.Error() != tt.want || !errors.Is(err, tt.is)):
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if st, err := os.Stat(tt.path); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
				t.Fatalf("%s is no longer a device: %v", tt.path, err)
			}
		})
	}
}

func TestIsDescriptorAlias(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc here")
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "out")
	os.Symlink("/dev/stdout", link)
	plain := filepath.Join(dir, "plain")
	os.Symlink(filepath.Join(dir, "file"), plain)
	for path, want := range map[string]bool{
		"/dev/stdout": true, "/proc/self/fd/1": true, "/dev/fd/1": true, link: true,
		"/dev/shm/plan.pdf": false, "plan.pdf": false, plain: false, filepath.Join(dir, "new.pdf"): false,
	} {
		if got := isDescriptorAlias(path); got != want {
			t.Errorf("isDescriptorAlias(%q) = %v, want %v", path, got, want)
		}
	}
}

// An export to /dev/fd/N (or /dev/stdout) goes to what that descriptor is
// open on, here a regular file, instead of trying to create a file in /proc.
func TestWriteFileAtomicToDescriptor(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc here")
	}
	target := filepath.Join(t.TempDir(), "stdout.txt")
	f, err := os.Create(target)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := WriteFileAtomic(fmt.Sprintf("/dev/fd/%d", f.Fd()), writeString("the report")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "the report" {
		t.Errorf("the file holds %q", got)
	}
}

// Stale temporary files of ours are swept when a folder is next written;
// fresh ones (a write in progress) and everything else stay.
func TestSweepStale(t *testing.T) {
	old := time.Now().Add(-2 * time.Hour)
	tests := []struct {
		name  string
		write func(t *testing.T, dir string)
	}{
		{"an export", func(t *testing.T, dir string) {
			if err := WriteFileAtomic(filepath.Join(dir, "plan.pdf"), writeString("x")); err != nil {
				t.Fatal(err)
			}
		}},
		{"a new database", func(t *testing.T, dir string) {
			s, err := Open(filepath.Join(dir, DBFileName), Options{})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]time.Time{
				".plan.pdf.2811.tmp":           old, // ours, stale
				".soc2ready-new-93114.db":      old, // ours, stale
				".report.csv.55.tmp":           time.Now(),
				".soc2ready-new-7.db":          time.Now(),
				"notes.tmp":                    old,
				".plan.pdf.draft.tmp":          old,
				".soc2ready-new-x.db":          old,
				"plan.pdf.123.tmp":             old,
				"soc2ready.db":                 old,
				".plan.pdf.1.tmp.keep":         old,
				".soc2ready-new-12.db-journal": old,
			}
			for name, mt := range files {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(p, mt, mt); err != nil {
					t.Fatal(err)
				}
			}
			staleDir := filepath.Join(dir, ".folder.1.tmp")
			os.Mkdir(staleDir, 0o700)
			os.Chtimes(staleDir, old, old)
			link := filepath.Join(dir, ".link.2.tmp")
			os.Symlink(filepath.Join(dir, "notes.tmp"), link)
			if tt.name == "a new database" {
				os.Remove(filepath.Join(dir, "soc2ready.db"))
			}

			tt.write(t, dir)

			for name := range files {
				_, err := os.Lstat(filepath.Join(dir, name))
				gone := errors.Is(err, fs.ErrNotExist)
				wantGone := name == ".plan.pdf.2811.tmp" || name == ".soc2ready-new-93114.db"
				if tt.name == "a new database" && name == "soc2ready.db" {
					continue
				}
				if gone != wantGone {
					t.Errorf("%s: gone %v, want %v", name, gone, wantGone)
				}
			}
			for _, p := range []string{staleDir, link} {
				if _, err := os.Lstat(p); err != nil {
					t.Errorf("%s was removed: only regular files are swept", p)
				}
			}
		})
	}
}

func TestReplaceWith(t *testing.T) {
	busyErr := &os.LinkError{Op: "rename", Old: "a", New: "b", Err: winSharingViolation}
	other := errors.New("disk on fire")
	tests := []struct {
		name    string
		errs    []error // what each rename returns; nil after the list
		tries   int
		want    error
		renames int
	}{
		{"replaced at once", nil, 7, nil, 1},
		{"busy, then free", []error{busyErr, busyErr}, 7, nil, 3},
		{"busy throughout", []error{busyErr, busyErr, busyErr}, 3, ErrInUse, 3},
		{"another error", []error{other}, 7, other, 1},
		{"one try (POSIX)", []error{busyErr}, 1, ErrInUse, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			renames, sleeps := 0, 0
			rename := func(_, _ string) error {
				renames++
				if renames <= len(tt.errs) {
					return tt.errs[renames-1]
				}
				return nil
			}
			busy := func(err error, _ string) bool { return windowsSharing(err) }
			err := replaceWith(rename, "tmp", "out.pdf", tt.tries, busy, func(time.Duration) { sleeps++ })
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if renames != tt.renames || sleeps != renames-1 {
				t.Errorf("%d renames and %d waits, want %d renames, one wait between each", renames, sleeps, tt.renames)
			}
		})
	}
	// What the user reads when WriteFileAtomic gives up.
	if got := plainIOError(ErrInUse).Error(); got != "it is open in another program; close it there and try again" {
		t.Errorf("message %q", got)
	}
	// On the real system, a rename over an existing file just works.
	dir := t.TempDir()
	tmp, out := mkfile(t, dir, "tmp", "new", 0o600), mkfile(t, dir, "out", "old", 0o600)
	if err := replaceFile(tmp, out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(out); string(got) != "new" {
		t.Errorf("out holds %q", got)
	}
}

// windowsInUse is the Windows rule for "open in another program", plain
// code so that it runs here too.
func TestWindowsInUse(t *testing.T) {
	dir := t.TempDir()
	writable := mkfile(t, dir, "plan.xlsx", "x", 0o600)
	readOnly := mkfile(t, dir, "locked.xlsx", "x", 0o400)
	wrap := func(e syscall.Errno) error { return &os.LinkError{Op: "rename", Old: "t", New: "p", Err: e} }
	tests := []struct {
		name string
		err  error
		path string
		want bool
	}{
		{"sharing violation", wrap(winSharingViolation), writable, true},
		{"lock violation", wrap(winLockViolation), writable, true},
		{"access denied, file open", wrap(winAccessDenied), writable, true},
		{"access denied, read-only file", wrap(winAccessDenied), readOnly, false},
		{"access denied, no file", wrap(winAccessDenied), filepath.Join(dir, "none"), false},
		{"another error", wrap(syscall.Errno(2)), writable, false},
		{"not an errno", errors.New("x"), writable, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := windowsInUse(tt.err, tt.path); got != tt.want {
				t.Errorf("windowsInUse = %v, want %v", got, tt.want)
			}
		})
	}
	if !windowsSharing(&fs.PathError{Op: "open", Path: "x.db", Err: winSharingViolation}) {
		t.Error("a sharing violation when opening the database is not seen as held elsewhere")
	}
}

func TestSignalStatus(t *testing.T) {
	for sig, want := range map[os.Signal]int{os.Interrupt: 130, syscall.SIGTERM: 143} {
		if got := signalStatus(sig); got != want {
			t.Errorf("signalStatus(%v) = %d, want %d", sig, got, want)
		}
	}
}

// A link is followed: the file it points to gets the new content and the
// link stays a link.
func TestWriteFileAtomicFollowsLinks(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	real := mkfile(t, other, "acme.soc2ready.json", "old", 0o600)
	link := filepath.Join(dir, "acme.json")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	if err := WriteFileAtomic(link, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file (%v)", err)
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Errorf("the linked file holds %q", got)
	}
	if names := dirNames(t, other); !slices.Equal(names, []string{"acme.soc2ready.json"}) {
		t.Errorf("the linked file's folder holds %v", names)
	}
}
