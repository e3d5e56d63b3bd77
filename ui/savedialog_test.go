package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSaveDialogTouchesNothing: choosing where to save writes nothing; an
// existing file is only replaced after a confirmation, and stays as it was
// until the export itself writes it.
func TestSaveDialogTouchesNothing(t *testing.T) {
	h := newHarness(t)
	folder := t.TempDir()
	h.u.fy.Preferences().SetString(prefSaveFolder, folder)
	existing := filepath.Join(folder, "plan.pdf")
	if err := os.WriteFile(existing, []byte("last week's report"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		replace    bool
	}{
		{"a new file", "board.pdf", false},
		{"an existing file", "plan.pdf", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.dismissDialogs()
			var got string
			saveDialog(h.u, tt.file, ".pdf", func(path string) { got = path })
			if !strings.Contains(h.overlayText(), folder) {
				t.Fatalf("the dialog does not show the remembered folder:\n%s", h.overlayText())
			}
			h.confirm()
			if tt.replace {
				if got != "" || !strings.Contains(h.overlayText(), "Replace plan.pdf?") {
					t.Fatalf("an existing file was chosen without asking (got %q):\n%s", got, h.overlayText())
				}
				if data, _ := os.ReadFile(existing); string(data) != "last week's report" {
					t.Fatalf("asking where to save changed the file to %q", data)
				}
				h.confirm()
			}
			if want := filepath.Join(folder, tt.file); got != want {
				t.Errorf("save got %q, want %q", got, want)
			}
			if _, err := os.Stat(filepath.Join(folder, "board.pdf")); err == nil {
				t.Error("the dialog created the file itself")
			}
		})
	}
}

// Save-as refuses the open database and the bank file, however they are
// named, and nothing is written.
func TestSaveDialogRefusesInputs(t *testing.T) {
	h := newHarness(t)
	folder := t.TempDir()
	h.u.fy.Preferences().SetString(prefSaveFolder, folder)
	if err := os.Symlink(h.path, filepath.Join(folder, "plan.pdf")); err != nil {
		t.Fatal(err)
	}
	bank := filepath.Join(folder, "bank.yaml")
	if err := os.WriteFile(bank, []byte("a bank"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.u.bankPath = bank
	tests := []struct {
		name, folder, file, want string
	}{
		{"the database", filepath.Dir(h.path), filepath.Base(h.path), "it is the database " + h.path},
		{"a link to the database", folder, "plan.pdf", "it is the database"},
		{"the bank file", folder, "bank.yaml", "it is the input file " + bank},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.dismissDialogs()
			h.u.fy.Preferences().SetString(prefSaveFolder, tt.folder)
			before, _ := os.ReadFile(filepath.Join(tt.folder, tt.file))
			saved := false
			saveDialog(h.u, tt.file, filepath.Ext(tt.file), func(string) { saved = true })
			h.confirm()
			if saved || !strings.Contains(h.overlayText(), tt.want) {
				t.Fatalf("saved %v; the dialog says:\n%s\nwant %q", saved, h.overlayText(), tt.want)
			}
			if after, _ := os.ReadFile(filepath.Join(tt.folder, tt.file)); string(after) != string(before) {
				t.Error("the file changed")
			}
		})
	}
}
