package storage

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
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
