package report

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFile(t *testing.T) {
	b := testBank(t)
	m := Build(b, realistic(b), clock)
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.pdf")
	if err := os.WriteFile(path, []byte("an older report"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, m, Letter); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := Render(m, Letter, &want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("the file is not the rendered report")
	}
	if names := listDir(t, dir); !slices.Equal(names, []string{"plan.pdf"}) {
		t.Errorf("the folder holds %v, want only plan.pdf", names)
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

func TestWriteFileErrors(t *testing.T) {
	b := testBank(t)
	m := Build(b, empty(b), clock)

	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	folder := t.TempDir()

	tests := []struct {
		name string
		path func(t *testing.T) string
		want string
	}{
		{"read-only folder", func(t *testing.T) string { return filepath.Join(readOnlyDir(t), "plan.pdf") }, "permission denied"},
		{"parent is a file", func(t *testing.T) string { return filepath.Join(notDir, "plan.pdf") }, "not a directory"},
		{"missing folder", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope", "plan.pdf") }, "no such file or directory"},
		{"path is a folder", func(t *testing.T) string { return folder }, "it is a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path(t)
			dir := filepath.Dir(path)
			before, _ := os.ReadDir(dir)
			err := WriteFile(path, m, A4)
			if err == nil {
				t.Fatal("no error")
			}
			want := "cannot write the report to " + path + ": " + tt.want
			if runtime.GOOS != "windows" && err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
			after, _ := os.ReadDir(dir)
			if len(after) != len(before) {
				t.Errorf("the folder held %d entries and now %d: something was left behind", len(before), len(after))
			}
			for _, e := range after {
				if strings.HasSuffix(e.Name(), ".tmp") {
					t.Errorf("temporary file %s left behind", e.Name())
				}
			}
		})
	}
}
