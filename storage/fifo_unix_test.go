//go:build unix

package storage

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func mkfifo(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	return p
}

// Reading a named pipe nobody writes to would block for ever: it is refused
// at once.
func TestReadInputFIFO(t *testing.T) {
	p := mkfifo(t)
	var err error
	within(t, 5*time.Second, func() { _, err = ReadInput(p, 1<<20) })
	if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "it is a pipe, not a regular file") {
		t.Fatalf("error %v, want ErrNotRegular saying it is a pipe", err)
	}
}

// An export to a named pipe goes down the pipe; the pipe stays a pipe.
func TestWriteFileAtomicFIFO(t *testing.T) {
	p := mkfifo(t)
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(p)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		data, _ := io.ReadAll(f)
		got <- string(data)
	}()
	if err := WriteFileAtomic(p, writeString("the report")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "the report" {
		t.Errorf("the reader got %q", s)
	}
	if st, err := os.Lstat(p); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", st.Mode(), err)
	}
	if names := dirNames(t, filepath.Dir(p)); len(names) != 1 {
		t.Errorf("the folder holds %v", names)
	}
}
