package storage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"soc2ready/assessment"
)

func TestExportImportRoundTrip(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, fullAssessment())
	if _, err := s.SaveResponse(id, assessment.Response{Question: "OP-01", WhatHappened: "added later"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddSnapshot(id, assessment.Snapshot{Label: "on demand", Readiness: 55.5, Verdict: assessment.NearlyReady}); err != nil {
		t.Fatal(err)
	}
	orig := mustGet(t, s, id)
	data, err := s.Export(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"format": "soc2ready.assessment"`, `"version": 1`, `"company": "Acme Łódź Ltd"`, `"report_type": "type2"`} {
		if !bytes.Contains(data, []byte(field)) {
			t.Errorf("export lacks %s", field)
		}
	}

	// Into the same store with its bank, and into another one (another
	// machine) with the bank given.
	other := openStore(t, filepath.Join(t.TempDir(), "other.db"), Options{})
	stores := []*Store{s, other}
	for i, bank := range []*assessment.Bank{nil, testBank(t)} {
		newID, err := stores[i].Import(data, bank)
		if err != nil {
			t.Fatal(err)
		}
		if newID == id {
			t.Error("Import reused the file's ID")
		}
		stores[i] = reopen(t, stores[i], Options{})
		got := mustGet(t, stores[i], newID)
		if !got.Updated.After(orig.Updated) {
			t.Errorf("imported Updated %v, want now (after %v)", got.Updated, orig.Updated)
		}
		// Import changes the ID and Updated, and nothing else.
		got.ID, got.Updated = orig.ID, orig.Updated
		deepEqual(t, "imported assessment", got, orig)
	}
	s = stores[0]

	// ExportTo writes the same bytes, and never over the database.
	path := filepath.Join(t.TempDir(), "acme"+assessment.FileSuffix)
	if err := s.ExportTo(id, path); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, data) {
		t.Errorf("ExportTo wrote different bytes (%v)", err)
	}
	dbBefore := stateOf(t, s.Path())
	if err := s.ExportTo(id, s.Path()); err == nil {
		t.Error("ExportTo over the open database succeeded")
	}
	if got := stateOf(t, s.Path()); !bytes.Equal(got.data, dbBefore.data) {
		t.Error("ExportTo over the open database changed it")
	}
	if err := s.ExportTo("nope", path); !errors.Is(err, ErrNotFound) {
		t.Errorf("ExportTo(unknown) = %v, want ErrNotFound", err)
	}
}

// storeState is everything an import could leave behind.
type storeState struct {
	list, trash            []Summary
	assessments, summaries int
}

func stateOfStore(t testing.TB, s *Store) storeState {
	t.Helper()
	st := storeState{list: mustList(t, s)}
	var err error
	if st.trash, err = s.Trash(); err != nil {
		t.Fatal(err)
	}
	err = s.db.View(func(tx *bbolt.Tx) error {
		st.assessments = countKeys(tx.Bucket(bucketAssessments))
		st.summaries = countKeys(tx.Bucket(bucketSummaries))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestImportRefusesBadFilesAndChangesNothing(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, fullAssessment())
	valid, err := s.Export(id)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) []byte {
		if !bytes.Contains(valid, []byte(old)) {
			t.Fatalf("the export lacks %q", old)
		}
		return bytes.Replace(valid, []byte(old), []byte(new), 1)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"blank", []byte(" \n\t")},
		{"binary", []byte{0x89, 'P', 'N', 'G', 0, 1, 2, 3}},
		{"truncated", valid[:len(valid)/2]},
		{"cut at the last brace", valid[:bytes.LastIndexByte(valid, '}')]},
		{"a JSON array", []byte(`[1, 2, 3]`)},
		{"null", []byte(`null`)},
		{"wrong format", edit(`"soc2ready.assessment"`, `"acme.audit"`)},
		{"no format", edit(`"format": "soc2ready.assessment",`, ``)},
		{"newer version", edit(`"version": 1`, `"version": 2`)},
		{"version zero", edit(`"version": 1`, `"version": 0`)},
		{"version as text", edit(`"version": 1`, `"version": "1"`)},
		{"unknown question", edit(`"AC-01": {`, `"ZZ-99": {`)},
		{"unknown status", edit(`"status": "implemented"`, `"status": "done"`)},
		{"empty company", edit(`"company": "Acme Łódź Ltd"`, `"company": ""`)},
		{"unknown profile condition", edit(`"employees": true`, `"pets": true`)},
		{"bad date", edit(`"2027-01-15"`, `"15/01/2027"`)},
		{"unknown plan status", edit(`"status": "in_progress"`, `"status": "soon"`)},
		{"response to an unknown question", edit(`"question": "AV-01"`, `"question": "ZZ-99"`)},
		{"too large", append(bytes.Repeat([]byte(" "), assessment.MaxFileSize), valid...)},
	}
	before := stateOfStore(t, s)
	file := freeze(t, s.Path())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			newID, err := s.Import(tc.data, nil)
			if err == nil {
				t.Fatalf("Import succeeded with ID %s", newID)
			}
			if !errors.Is(err, ErrInvalidImport) || !strings.HasPrefix(err.Error(), "import: ") {
				t.Errorf("Import = %v, want ErrInvalidImport", err)
			}
			if tc.name != "too large" {
				t.Logf("%s", err)
			}
		})
	}
	assertUnchanged(t, s.Path(), file) // not one byte written
	deepEqual(t, "store after refused imports", stateOfStore(t, s), before)

	bare := openStore(t, filepath.Join(t.TempDir(), "bare.db"), Options{})
	if _, err := bare.Import(valid, nil); err == nil || errors.Is(err, ErrInvalidImport) {
		t.Errorf("Import without any bank = %v, want an error that does not blame the file", err)
	}
}

// FuzzImport: whatever the bytes, Import never panics, and either stores one
// complete assessment (which exports and imports again) or nothing at all.
func FuzzImport(f *testing.F) {
	s := openStore(f, filepath.Join(f.TempDir(), DBFileName), Options{Bank: testBank(f)})
	id := mustCreate(f, s, fullAssessment())
	valid, err := s.Export(id)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add(valid[:len(valid)-3])
	f.Add(bytes.Replace(valid, []byte(`"version": 1`), []byte(`"version": 2`), 1))
	f.Add(bytes.Replace(valid, []byte(`soc2ready.assessment`), []byte(`soc2ready.settings`), 1))
	f.Add(bytes.Replace(valid, []byte(`"AC-01": {`), []byte(`"XX-01": {`), 1))
	f.Add(bytes.Replace(valid, []byte(`"id": "r-first"`), []byte(`"id": "r-second"`), 1)) // repeated response ID
	f.Add(bytes.Replace(valid, []byte(`"id": "r-first"`), []byte(`"id": ""`), 1))
	f.Add([]byte(`{"format": "soc2ready.assessment", "version": 1, "company": "Min", "scope": {"report_type": "type1"}}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(``))
	f.Add([]byte(`{"format": "soc2ready.assessment", "version": 1e400}`))
	f.Add([]byte{0xff, 0xfe, 0})
	// issue 13: long strings, too many entries, impossible snapshots, repeated keys
	f.Add(bytes.Replace(valid, []byte(`"company": "`), []byte(`"company": "`+strings.Repeat("Ł", assessment.MaxNameLength)), 1))
	f.Add(bytes.Replace(valid, []byte(`"responses": [`), []byte(`"responses": [`+strings.Repeat(`{"question": "AC-01"},`, assessment.MaxResponses)), 1))
	f.Add(bytes.Replace(valid, []byte(`"readiness": 41.5`), []byte(`"readiness": 1e308`), 1))
	f.Add(bytes.Replace(valid, []byte(`"verdict": "not_ready"`), []byte(`"verdict": "pwned"`), 1))
	f.Add(bytes.Replace(valid, []byte(`"history": [`), []byte(`"history": [null, `), 1))
	f.Add(bytes.Replace(valid, []byte(`"company": `), []byte(`"company": "A", "company": `), 1))

	f.Fuzz(func(t *testing.T, data []byte) {
		before := stateOfStore(t, s)
		newID, err := s.Import(data, nil)
		after := stateOfStore(t, s)
		if err != nil {
			if !errors.Is(err, ErrInvalidImport) {
				t.Fatalf("Import = %v, want ErrInvalidImport", err)
			}
			if !equalStates(before, after) {
				t.Fatalf("a refused import changed the store: %+v → %+v", before, after)
			}
			return
		}
		if after.assessments != before.assessments+1 || len(after.list) != len(before.list)+1 {
			t.Fatalf("an import stored %d assessments", after.assessments-before.assessments)
		}
		// Every response in the file is kept, each under its own ID.
		file, err := assessment.DecodeFile(data, testBank(t))
		if err != nil {
			t.Fatalf("the file imported but does not decode: %v", err)
		}
		stored := mustGet(t, s, newID).Responses
		ids := map[string]bool{}
		for _, r := range stored {
			ids[r.ID] = true
		}
		if len(stored) != len(file.Responses) || len(ids) != len(stored) {
			t.Fatalf("the file has %d responses; %d were stored under %d IDs", len(file.Responses), len(stored), len(ids))
		}
		again, err := s.Export(newID)
		if err != nil {
			t.Fatalf("Export of the import: %v", err)
		}
		againID, err := s.Import(again, nil)
		if err != nil {
			t.Fatalf("the export of an import does not import: %v", err)
		}
		for _, id := range []string{newID, againID} {
			if err := s.Delete(id); err != nil {
				t.Fatal(err)
			}
			if err := s.Purge(id); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func equalStates(a, b storeState) bool {
	if a.assessments != b.assessments || a.summaries != b.summaries || len(a.list) != len(b.list) || len(a.trash) != len(b.trash) {
		return false
	}
	for i := range a.list {
		if a.list[i] != b.list[i] {
			return false
		}
	}
	return true
}

// countKeys counts a bucket's own keys, not those of its nested buckets.
func countKeys(b *bbolt.Bucket) int {
	n := 0
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		n++
	}
	return n
}

// Responses imported from a file keep their IDs where they can, and every
// response is kept: an ID used twice, empty, too long or unprintable is
// replaced by a new one, never by overwriting another response.
func TestImportKeepsEveryResponse(t *testing.T) {
	long := strings.Repeat("r", 64)
	tests := []struct {
		name string
		ids  []string
		kept []bool // whether each ID is kept as it was
	}{
		{"distinct", []string{"r-1", "r-2"}, []bool{true, true}},
		{"in reverse ID order", []string{"r-z", "r-m", "r-a"}, []bool{true, true, true}},
		{"repeated", []string{"same", "same", "same"}, []bool{true, false, false}},
		{"64 characters", []string{long}, []bool{true}},
		{"65 characters", []string{long + "r"}, []bool{false}},
		{"empty", []string{""}, []bool{false}},
		{"a space", []string{"r 1"}, []bool{false}},
		{"a control character", []string{"r\x7f1"}, []bool{false}},
		{"punctuation", []string{"r!1~"}, []bool{true}},
	}
	s := newStore(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := fullAssessment()
			a.Responses = nil
			for i, id := range tt.ids {
				a.Responses = append(a.Responses, assessment.Response{ID: id, Question: "AV-01", WhatHappened: fmt.Sprint("response ", i)})
			}
			data, err := assessment.EncodeFile(a)
			if err != nil {
				t.Fatal(err)
			}
			id, err := s.Import(data, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := mustGet(t, s, id).Responses
			if len(got) != len(tt.ids) {
				t.Fatalf("%d responses stored, want %d: %+v", len(got), len(tt.ids), got)
			}
			seen := map[string]bool{}
			for i, r := range got {
				if want := fmt.Sprint("response ", i); r.WhatHappened != want {
					t.Errorf("response %d says %q, want %q (in file order)", i, r.WhatHappened, want)
				}
				if (r.ID == tt.ids[i]) != tt.kept[i] || !validResponseID(r.ID) || seen[r.ID] {
					t.Errorf("response %d has ID %q (file: %q); kept should be %v, and IDs valid and unique", i, r.ID, tt.ids[i], tt.kept[i])
				}
				seen[r.ID] = true
			}
		})
	}
}

// Backups and exports refuse to replace the open database, however its
// path is spelled, and whether or not the file is still there.
func TestExportAndBackupRefuseTheDatabase(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, fullAssessment())
	dir := filepath.Dir(s.Path())
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(s.Path(), link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.db")
	if err := os.Link(s.Path(), hard); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	paths := map[string]string{
		"the path": s.Path(), "a symbolic link": link, "a hard link": hard,
		"a relative path": DBFileName, "a roundabout path": filepath.Join(dir, "..", filepath.Base(dir), ".", DBFileName),
	}
	before := freeze(t, s.Path())
	for name, p := range paths {
		if err := s.ExportTo(id, p); !errors.Is(err, ErrOverwritesInput) {
			t.Errorf("ExportTo(%s) = %v, want refused", name, err)
		}
		if err := s.BackupTo(p); !errors.Is(err, ErrOverwritesInput) {
			t.Errorf("BackupTo(%s) = %v, want refused", name, err)
		}
	}
	assertUnchanged(t, s.Path(), before)
	if err := s.ExportTo(id, filepath.Join(dir, "other.json")); err != nil {
		t.Errorf("ExportTo another file: %v", err)
	}

	// The file removed from under the open store: its path is still the
	// database's, and an export there would be lost with it.
	if err := os.Remove(s.Path()); err != nil {
		t.Fatal(err)
	}
	if err := s.ExportTo(id, s.Path()); err == nil {
		t.Error("ExportTo the removed database's path succeeded")
	}
	if _, err := os.Stat(s.Path()); err == nil {
		t.Error("the export wrote a file at the database's path")
	}
	if err := s.BackupTo(filepath.Join(dir, "backup.db")); err != nil {
		t.Errorf("BackupTo another file: %v", err)
	}
}
