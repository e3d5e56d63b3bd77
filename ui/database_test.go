//go:build unix

package ui

import (
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"soc2ready/assets"
	"soc2ready/storage"
)

// Switching databases while an import is still reading its file: the switch
// waits for the import, which lands in the database it was started on, and
// nothing fails. The file is a FIFO, so the import is held until its
// contents are written, and they are written only once the switch has begun
// (when it remembers the new path).
func TestSwitchDatabaseWaitsForPendingWork(t *testing.T) {
	h := newHarness(t)
	oldPath, newPath := h.path, filepath.Join(t.TempDir(), "other.db")
	fifo := filepath.Join(t.TempDir(), "slow.soc2ready.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}

	var release sync.Once
	written := make(chan error, 1)
	h.fy.Preferences().AddChangeListener(func() {
		if h.fy.Preferences().String(prefDBPath) != newPath {
			return
		}
		release.Do(func() {
			go func() { written <- os.WriteFile(fifo, assets.SampleAssessment, 0o600) }()
		})
	})

	h.u.importPath(fifo) // blocks off the UI goroutine, reading the FIFO
	h.u.switchDatabase(newPath)

	if err := <-written; err != nil {
		t.Fatal(err)
	}
	if h.u.dbPath != newPath || h.u.store == nil {
		t.Fatalf("the app is on %s (%v), want %s", h.u.dbPath, h.u.dbErr, newPath)
	}
	if text := h.overlayText(); text != "" {
		t.Errorf("the switch showed %q", text)
	}
	if list, err := h.store().List(); err != nil || len(list) != 0 {
		t.Errorf("the new database holds %d assessments (%v), want none: the import was started on the old one", len(list), err)
	}
	old, err := storage.Open(oldPath, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the old database: %v", err)
	}
	defer old.Close()
	if list, err := old.List(); err != nil || len(list) != 1 {
		t.Errorf("the old database holds %d assessments (%v), want the imported one", len(list), err)
	}
}
