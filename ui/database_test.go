package ui

import (
	"path/filepath"
	"sync"
	"testing"

	"soc2ready/assets"
	"soc2ready/storage"
)

// Opening another database while work off the UI goroutine is still using
// the open one: the old database is closed only once that work is done, so
// it lands in the database it was started on, and nothing fails. The work
// waits on a gate that opens only once the switch has begun (when the new
// path is remembered). The work
// reports back without touching the screen, and the test touches nothing
// the report-back does until h.wait(), so the two goroutines the test
// driver runs them on never race.
func TestOpenDatabaseWaitsForPendingWork(t *testing.T) {
	h := newHarness(t)
	oldPath, newPath := h.path, filepath.Join(t.TempDir(), "other.db")

	var release sync.Once
	gate := make(chan struct{})
	h.fy.Preferences().AddChangeListener(func() {
		if h.fy.Preferences().String(prefDBPath) == newPath {
			release.Do(func() { close(gate) })
		}
	})

	st, bank := h.store(), h.u.bank
	var imported string
	h.u.runLong("Importing…", func() error {
		<-gate // held until the switch has begun
		var err error
		imported, err = st.Import(assets.SampleAssessment, bank)
		return err
	}, nil)
	h.fy.Preferences().SetString(prefDBPath, newPath)
	h.u.openDatabase(newPath)
	h.wait()

	if h.u.dbPath != newPath || h.u.store == nil {
		t.Fatalf("the app is on %s (%v), want %s", h.u.dbPath, h.u.dbErr, newPath)
	}
	if text := h.overlayText(); text != "" {
		t.Errorf("the work or the switch showed %q", text)
	}
	if list, err := h.store().List(); err != nil || len(list) != 0 {
		t.Errorf("the new database holds %d assessments (%v), want none: the work was started on the old one", len(list), err)
	}
	old, err := storage.Open(oldPath, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the old database: %v", err)
	}
	defer old.Close()
	if list, err := old.List(); err != nil || len(list) != 1 || list[0].ID != imported {
		t.Errorf("the old database holds %+v (%v), want the imported assessment", list, err)
	}
}
