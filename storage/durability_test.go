package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"soc2ready/assessment"
)

// Every commit is fsynced: the store opens bbolt with syncing on, on a new
// file, an existing one and read-only (a crash test cannot see a missing
// fsync, since the operating system keeps what was written; only a power
// cut loses it, so the setting itself is checked).
func TestStoreSyncsEveryCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	for _, tt := range []struct {
		name string
		opt  Options
	}{
		{"new file", Options{}},
		{"existing file", Options{}},
		{"read-only", Options{ReadOnly: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t, path, tt.opt)
			if s.db.NoSync || s.db.NoGrowSync {
				t.Errorf("bbolt opened with NoSync %v, NoGrowSync %v; want every commit and every growth synced", s.db.NoSync, s.db.NoGrowSync)
			}
			closeStore(t, s)
		})
	}
}

// TestExitChild saves one answer and exits at once, without closing the
// store.
func TestExitChild(t *testing.T) {
	if os.Getenv(envChild) != "exit" {
		t.Skip("helper process for TestCommittedSaveOutlivesTheProcess")
	}
	s, err := Open(os.Getenv(envChildDB), Options{})
	if err == nil {
		err = s.SaveAnswer(os.Getenv(envChildID), "AC-01", assessment.Answer{Status: assessment.Partial, Notes: "saved by the child"})
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	os.Exit(0) // no Close, no deferred code
}

// A save that returned is in the file once the process that made it has
// exited normally, without closing the store.
func TestCommittedSaveOutlivesTheProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	s := openStore(t, path, Options{})
	id := mustCreate(t, s, &assessment.Assessment{Company: "Exit Ltd", Scope: assessment.Scope{ReportType: assessment.Type1}})
	closeStore(t, s)

	out, err := spawn(t, "TestExitChild", "exit", path, envChildID+"="+id).CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	s = openStore(t, path, Options{})
	if got := mustGet(t, s, id).Answers["AC-01"]; got.Notes != "saved by the child" || got.Status != assessment.Partial {
		t.Errorf("after the child exited the answer is %+v, want the one it saved", got)
	}
}
