package storage

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCheckOutput(t *testing.T) {
	dir := t.TempDir()
	db := mkfile(t, dir, "clients.db", "x", 0o600)
	input := mkfile(t, dir, "acme.soc2ready.json", "x", 0o600)
	link := filepath.Join(dir, "link.pdf")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.pdf")
	if err := os.Link(input, hard); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	tests := []struct {
		name, out, db string
		inputs        []string
		want          string // "" for allowed
	}{
		{"the database itself", db, db, nil, "it is the database " + db},
		{"a link to the database", link, db, nil, "it is the database " + db},
		{"the database by a relative path", "clients.db", db, nil, "it is the database"},
		{"a database not yet created", filepath.Join(dir, "new.db"), "new.db", nil, "it is the database"},
		{"an input", input, db, []string{input}, "it is the input file " + input},
		{"a hard link to an input", hard, "", []string{"", input}, "it is the input file"},
		{"another file", filepath.Join(dir, "plan.pdf"), db, []string{input}, ""},
		{"no database named", input, "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckOutput(tt.out, tt.db, tt.inputs...)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrOverwritesInput) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want ErrOverwritesInput saying %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "cannot write "+tt.out+": ") {
				t.Errorf("error %q does not name the output first", err)
			}
		})
	}
}

// mkfile writes a file into dir and returns its path.
func mkfile(t *testing.T, dir, name, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// within fails the test if fn takes longer than d: a read of a device or a
// pipe must be refused at once, not block or fill memory.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

func TestReadInput(t *testing.T) {
	dir := t.TempDir()
	small := mkfile(t, dir, "small.json", "1234", 0o600)
	big := mkfile(t, dir, "big.json", "12345", 0o600)
	tests := []struct {
		name, path string
		want       string // "" for success
		is         error
	}{
		{"a small file", small, "", nil},
		{"a file over the limit", big, "read " + big + ": the file is too large (over 4 bytes)", ErrTooLarge},
		{"a folder", dir, "read " + dir + ": it is a folder, not a regular file", ErrNotRegular},
		{"a missing file", filepath.Join(dir, "nope.json"), "no such file", os.ErrNotExist},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		tests = append(tests, struct {
			name, path string
			want       string
			is         error
		}{"an endless device", "/dev/zero", "read /dev/zero: it is a device, not a regular file", ErrNotRegular})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var data []byte
			var err error
			within(t, 5*time.Second, func() { data, err = ReadInput(tt.path, 4) })
			if tt.want == "" {
				if err != nil || string(data) != "1234" {
					t.Fatalf("read %q, %v", data, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, tt.is) {
				t.Fatalf("error %v, want %v saying %q", err, tt.is, tt.want)
			}
		})
	}
}

func TestSizeWords(t *testing.T) {
	for n, want := range map[int64]string{32 << 20: "32 MiB", 512 << 10: "512 KiB", 4: "4 bytes", 1<<20 + 1: "1048577 bytes"} {
		if got := sizeWords(n); got != want {
			t.Errorf("sizeWords(%d) = %q, want %q", n, got, want)
		}
	}
}

// A writer whose output fails is reported as a write failure naming the
// output, even when the writer ignores the error.
func TestWriteStreamReportsFailedWrites(t *testing.T) {
	full := errors.New("no space left on device")
	tests := []struct {
		name  string
		write func(w io.Writer) error
	}{
		{"the error returned", func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }},
		{"the error ignored", func(w io.Writer) error { io.WriteString(w, "x"); return nil }},
		{"another error returned", func(w io.Writer) error { io.WriteString(w, "x"); return errors.New("render failed") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := WriteStream(failingWriter{full}, "plan.pdf", tt.write)
			if !errors.Is(err, full) || err.Error() != "cannot write plan.pdf: no space left on device" {
				t.Fatalf("error %v", err)
			}
		})
	}
	if err := WriteStream(io.Discard, "x", func(w io.Writer) error { return nil }); err != nil {
		t.Errorf("a good write failed: %v", err)
	}
}

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }
