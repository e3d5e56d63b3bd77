package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// copyFile copies a test input into dir, so that a test may overwrite it.
func copyFile(t *testing.T, src, dir string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// fileState is what a refused command must leave as it was.
type fileState struct {
	data []byte
	mode fs.FileMode
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	return fileState{data, st.Mode()}
}

// No command writes its output over the database or a file it reads,
// whatever the path looks like; it says why and changes nothing.
func TestCLIOutputNeverReplacesInputs(t *testing.T) {
	t.Setenv("SOC2READY_TODAY", "2026-12-01")
	dir := t.TempDir()
	db := filepath.Join(dir, "clients.db")
	src := copyFile(t, filepath.Join("testdata", "scenarios", "saas-type2.soc2ready.json"), dir)
	alice := copyFile(t, filepath.Join("testdata", "merge", "alice.soc2ready.json"), dir)
	bob := copyFile(t, filepath.Join("testdata", "merge", "bob.soc2ready.json"), dir)
	bank := copyFile(t, filepath.Join("testdata", "banks", "custom.yaml"), dir)
	custom := copyFile(t, filepath.Join("testdata", "banks", "custom.soc2ready.json"), dir)
	code, out, errOut := cli(t, "import", src, "--db", db)
	if code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	id := strings.TrimSpace(out)
	sheet := filepath.Join(dir, "answers.xlsx")
	if code, _, errOut := cli(t, "export", src, "--xlsx", "-o", sheet); code != 0 {
		t.Fatalf("export --xlsx: %s", errOut)
	}
	link := filepath.Join(dir, "plan.pdf")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, db)
	if err != nil {
		t.Fatal(err)
	}

	const isDB, isInput = "it is the database", "it is the input file"
	tests := []struct {
		name string
		env  bool // SOC2READY_DB=db instead of --db
		args []string
		want string
	}{
		{"report over the database", false, []string{"report", id, "-o", db}, isDB},
		{"questionnaire over the database", false, []string{"questionnaire", id, "-o", db}, isDB},
		{"export over the database", false, []string{"export", id, "-o", db}, isDB},
		{"export --csv over the database", false, []string{"export", id, "--csv", "-o", db}, isDB},
		{"export --xlsx through a link to the database", false, []string{"export", id, "--xlsx", "-o", link}, isDB},
		{"report of a FILE over the database", false, []string{"report", src, "-o", db}, isDB},
		{"report over $SOC2READY_DB", true, []string{"report", id, "-o", db}, isDB},
		{"report over the database by a relative path", false, []string{"report", src, "-o", rel}, isDB},
		{"backup over the database", false, []string{"backup", "-o", db}, isDB},
		{"report over its own input", false, []string{"report", src, "-o", src}, isInput},
		{"export over its own input", false, []string{"export", src, "--csv", "-o", src}, isInput},
		{"merge over one of its inputs", false, []string{"merge", alice, bob, "--bank", bank, "-o", bob}, isInput},
		{"report over the bank file", false, []string{"report", custom, "--bank", bank, "-o", bank}, isInput},
		{"import-xlsx into the spreadsheet", false, []string{"import-xlsx", sheet, "--into", sheet}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := map[string]fileState{}
			for _, p := range []string{db, src, alice, bob, bank, sheet, link} {
				before[p] = stateOf(t, p)
			}
			args := tt.args
			if tt.env {
				t.Setenv("SOC2READY_DB", db)
			} else {
				args = append(args, "--db", db)
			}
			if tt.want == "" { // refused for another reason: the point is that nothing changes
				tt.want = "soc2ready import-xlsx"
			}
			code, out, errOut := cli(t, args...)
			if code != 1 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, errOut, tt.want)
			}
			if tt.args[0] != "merge" && out != "" {
				t.Errorf("stdout %q", out)
			}
			for p, st := range before {
				if now := stateOf(t, p); !bytes.Equal(now.data, st.data) || now.mode != st.mode {
					t.Errorf("%s changed", filepath.Base(p))
				}
			}
		})
	}
	if _, listed, _ := cli(t, "list", "--db", db); !strings.Contains(listed, id) {
		t.Errorf("the database no longer lists %s: %q", id, listed)
	}
}

// Outputs to devices are written in place, errors such as a full disk fail
// the command, and "-o -" is standard output.
func TestCLIOutputToDevicesAndStdout(t *testing.T) {
	t.Setenv("SOC2READY_TODAY", "2026-12-01")
	src := filepath.Join("testdata", "scenarios", "founders-type1.soc2ready.json")
	for _, dev := range []string{"/dev/null", "/dev/full"} {
		if st, err := os.Stat(dev); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
			t.Skipf("no %s here", dev)
		}
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // prefix
		stderr string
	}{
		{"report to /dev/null", []string{"report", src, "-o", "/dev/null"}, 0, "", ""},
		{"report to /dev/full", []string{"report", src, "-o", "/dev/full"}, 1, "", "cannot write /dev/full: no space left on device"},
		{"export --csv to /dev/full", []string{"export", src, "--csv", "-o", "/dev/full"}, 1, "", "cannot write /dev/full: no space left on device"},
		{"export to /dev/full", []string{"export", src, "-o", "/dev/full"}, 1, "", "no space left on device"},
		{"report to stdout", []string{"report", src, "-o", "-"}, 0, "%PDF-", ""},
		{"export --xlsx to stdout", []string{"export", src, "--xlsx", "-o", "-"}, 0, "PK\x03\x04", ""},
		{"merge to stdout", []string{"merge", filepath.Join("testdata", "merge", "alice.soc2ready.json"), filepath.Join("testdata", "merge", "bob.soc2ready.json"), "--bank", filepath.Join("testdata", "banks", "custom.yaml"), "-o", "-"}, 0, "{", "CONFLICT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, tt.args...)
			if code != tt.code || !strings.HasPrefix(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stdout %.20q, stderr %q; want %d, %q…, %q", code, out, errOut, tt.code, tt.stdout, tt.stderr)
			}
			for _, dev := range []string{"/dev/null", "/dev/full"} {
				if st, err := os.Stat(dev); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
					t.Fatalf("%s is no longer a device", dev)
				}
			}
		})
	}
}

// A failed write to standard output fails the command.
func TestCLIStdoutWriteFails(t *testing.T) {
	full := errors.New("no space left on device")
	for _, args := range [][]string{
		{"plan", filepath.Join("testdata", "scenarios", "founders-type1.soc2ready.json"), "--csv"},
		{"score", filepath.Join("testdata", "scenarios", "founders-type1.soc2ready.json")},
	} {
		t.Run(args[0], func(t *testing.T) {
			var errOut bytes.Buffer
			code := runCLI(&cliEnv{failingWriter{full}, &errOut}, args)
			if code != 1 || !strings.Contains(errOut.String(), "cannot write standard output: no space left on device") {
				t.Errorf("exit %d, stderr %q", code, errOut.String())
			}
		})
	}
}

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

// Devices, folders and oversized files are refused at once, before they are
// read, by every command that reads a file.
func TestCLIRefusesUnboundedInputs(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("testdata", "scenarios", "founders-type1.soc2ready.json")
	huge := filepath.Join(dir, "huge.soc2ready.json")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(1 << 30) // sparse: 1 GiB that costs nothing
	f.Close()
	db := filepath.Join(dir, "clients.db")
	type tc struct {
		name string
		args []string
		want string
	}
	tests := []tc{
		{"import a huge file", []string{"import", huge, "--db", db}, "the file is too large (over 32 MiB)"},
		{"score a huge file", []string{"score", huge}, "the file is too large (over 32 MiB)"},
		{"a huge bank", []string{"bank", "--bank", huge}, "the file is too large (over 8 MiB)"},
		{"import a folder", []string{"import", dir, "--db", db}, "it is a folder, not a regular file"},
	}
	if st, err := os.Stat("/dev/zero"); err == nil && st.Mode()&fs.ModeCharDevice != 0 {
		const dev = "it is a device, not a regular file"
		tests = append(tests,
			tc{"import /dev/zero", []string{"import", "/dev/zero", "--db", db}, dev},
			tc{"bank /dev/zero", []string{"bank", "--bank", "/dev/zero"}, dev},
			tc{"score /dev/zero", []string{"score", "/dev/zero"}, dev},
			tc{"merge /dev/zero", []string{"merge", src, "/dev/zero", "-o", filepath.Join(dir, "m.json")}, dev},
			tc{"import-xlsx /dev/zero", []string{"import-xlsx", "/dev/zero", "--into", src}, dev},
		)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			code, out, errOut := cli(t, tt.args...)
			if code != 1 || out != "" || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 1 and %q", code, out, errOut, tt.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v to refuse", d)
			}
		})
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused import created the database")
	}
}
