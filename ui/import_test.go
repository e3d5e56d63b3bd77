package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"soc2ready/assessment"
	"soc2ready/assets"
)

// TestImportBadFiles: a file that cannot be imported shows an error dialog in
// plain words, and the database is unchanged.
func TestImportBadFiles(t *testing.T) {
	sample := string(assets.SampleAssessment)
	tests := []struct {
		name string
		data string // "" with missing: no file at all
		want string // in the dialog
	}{
		{name: "broken JSON", data: `{"format": "soc2ready.assessment", "version": 1, "company": `, want: "nothing was changed"},
		{name: "not JSON", data: "company,status\nAcme,ready\n", want: "nothing was changed"},
		{name: "wrong format", data: strings.Replace(sample, `"soc2ready.assessment"`, `"something.else"`, 1), want: "nothing was changed"},
		{name: "newer version", data: strings.Replace(sample, `"version": 1`, `"version": 99`, 1), want: "nothing was changed"},
		{name: "unknown status", data: strings.Replace(sample, `"status": "implemented"`, `"status": "sort of"`, 1), want: "nothing was changed"},
		{name: "no company", data: strings.Replace(sample, `"Northwind Ledger Ltd (sample)"`, `""`, 1), want: "nothing was changed"},
		{name: "empty file", data: " ", want: "nothing was changed"},
		{name: "missing file", want: "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.create("Existing Ltd")
			before, _ := h.store().List()
			path := filepath.Join(t.TempDir(), "missing.soc2ready.json")
			if tt.data != "" {
				path = writeFile(t, "bad.soc2ready.json", []byte(tt.data))
			}
			h.u.importPath(path)
			h.wait()
			got := h.overlayText()
			if !strings.Contains(got, "Importing failed") || !strings.Contains(got, tt.want) {
				t.Errorf("the dialog says:\n%s\nwant it to say %q", got, tt.want)
			}
			after, _ := h.store().List()
			if len(after) != len(before) {
				t.Errorf("the database had %d assessments, now %d", len(before), len(after))
			}
		})
	}
}

// TestImportGoodFile imports an exported file; Home selects it.
func TestImportGoodFile(t *testing.T) {
	h := newHarness(t)
	h.create("Existing Ltd")
	a, err := assessment.DecodeFile(assets.SampleAssessment, h.u.bank)
	if err != nil {
		t.Fatal(err)
	}
	a.Company = "Imported Ltd"
	data, err := assessment.EncodeFile(a)
	if err != nil {
		t.Fatal(err)
	}
	h.u.importPath(writeFile(t, "good.soc2ready.json", data))
	h.wait()
	if got := h.overlayText(); got != "" {
		t.Fatalf("a dialog is open:\n%s", got)
	}
	list, _ := h.store().List()
	if len(list) != 2 {
		t.Fatalf("%d assessments after the import, want 2", len(list))
	}
	r, ok := h.u.home.current()
	if !ok || r.Company != "Imported Ltd" {
		t.Errorf("Home selects %+v, want the import", r)
	}
	if got := h.get(r.ID); len(got.Answers) != len(a.Answers) {
		t.Errorf("%d answers imported, the file has %d", len(got.Answers), len(a.Answers))
	}
}

// TestExportThenImport: Home's export writes a file that imports again.
func TestExportThenImport(t *testing.T) {
	h := newHarness(t)
	id := h.create("Round Trip Ltd")
	h.u.ShowHome()
	path := filepath.Join(t.TempDir(), "round"+assessment.FileSuffix)
	h.u.home.exportTo(id, path)
	h.wait()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no export: %v\n%s", err, h.overlayText())
	}
	h.dismissDialogs()
	h.u.importPath(path)
	h.wait()
	if list, _ := h.store().List(); len(list) != 2 {
		t.Errorf("%d assessments after export and import, want 2", len(list))
	}
}
