package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// cli runs the CLI in-process and returns its exit status and output.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runCLI(&cliEnv{&out, &errOut}, args)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCLIUsage(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string
		stderr   string
		noStdout bool
	}{
		{"help lists commands", []string{"help"}, 0, "soc2ready score", "", false},
		{"--help", []string{"--help"}, 0, "soc2ready plan", "", false},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`, true},
		{"missing argument", []string{"score"}, 2, "", "expected exactly one FILE or ID", true},
		{"unknown flag", []string{"score", "x.json", "--xml"}, 2, "", "flag provided but not defined: -xml", true},
		{"bank takes no argument", []string{"bank", "extra"}, 2, "", `unexpected argument "extra"`, true},
		{"command help", []string{"plan", "--help"}, 0, "usage: soc2ready plan", "", false},
		{"missing file", []string{"score", "/nonexistent/acme.json"}, 1, "", "no such file", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout %q lacks %q", out, tt.stdout)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.stderr)
			}
			if tt.noStdout && out != "" {
				t.Errorf("stdout should be empty on error, got %q", out)
			}
		})
	}
}

func TestCLIBadBankFile(t *testing.T) {
	bad := writeFile(t, "bank.yaml", "id: x\nversion: '1'\nareas: [{id: a, name: A}]\nquestions:\n  - {id: Q1, area: a, category: security, title: T, prompt: P, help: H, evidence: E, criteria: [CC9.9], frequency: often, impact: 5, remediation: {action: A, steps: [S], effort: S, owner_role: CTO}}\n")
	code, out, errOut := cli(t, "bank", "--bank", bad)
	if code != 1 || out != "" {
		t.Fatalf("exit %d stdout %q, want 1 and nothing", code, out)
	}
	for _, want := range []string{"3 problem(s)", `question Q1: criteria: unknown criterion "CC9.9"`, "question Q1: frequency", "question Q1: impact: 5 is outside 1..3"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestCLIBankJSON(t *testing.T) {
	code, out, errOut := cli(t, "bank", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		ID        string `json:"id"`
		Version   string `json:"version"`
		Areas     []struct{ ID, Name string }
		Questions []map[string]any `json:"questions"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID == "" || got.Version == "" || len(got.Areas) == 0 || len(got.Questions) == 0 {
		t.Fatalf("bank JSON is missing parts: %+v", got)
	}
	for _, key := range []string{"id", "area", "category", "title", "prompt", "help", "evidence", "criteria", "frequency", "impact", "remediation"} {
		if _, ok := got.Questions[0][key]; !ok {
			t.Errorf("question JSON lacks %q", key)
		}
	}
	rem, _ := got.Questions[0]["remediation"].(map[string]any)
	for _, key := range []string{"action", "steps", "effort", "owner_role"} {
		if _, ok := rem[key]; !ok {
			t.Errorf("remediation JSON lacks %q", key)
		}
	}
}

func TestCLIRejectsBadAssessmentFile(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"broken JSON", `{"format": "soc2ready.assessment", "version": 1,`, "not valid JSON"},
		{"unknown question", `{"format":"soc2ready.assessment","version":1,"company":"A","scope":{"report_type":"type1"},"answers":{"NOPE-1":{"status":"implemented"}}}`, "answers.NOPE-1"},
		{"bad enum", `{"format":"soc2ready.assessment","version":1,"company":"A","scope":{"report_type":"type1"},"answers":{"AC-01":{"status":"yes"}}}`, "answers.AC-01.status"},
		{"bad date", `{"format":"soc2ready.assessment","version":1,"company":"A","scope":{"report_type":"type1","audit_date":"next year"}}`, "scope.audit_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, "a.soc2ready.json", tt.content)
			for _, cmd := range []string{"score", "plan"} {
				code, out, errOut := cli(t, cmd, p)
				if code != 1 || out != "" || !strings.Contains(errOut, tt.want) {
					t.Errorf("%s: exit %d, stdout %q, stderr %q; want 1, nothing, %q", cmd, code, out, errOut, tt.want)
				}
			}
		})
	}
}

// scenarios are the three golden companies in testdata/scenarios.
var scenarios = []string{"founders-type1", "saas-type2", "mature-type2"}

// checkGolden compares got with testdata/golden/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; run with -update if the change is intended.\ngot:\n%s", path, got)
	}
}

func TestCLIGoldenScenarios(t *testing.T) {
	t.Setenv("SOC2READY_TODAY", "2026-12-01")
	for _, name := range scenarios {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join("testdata", "scenarios", name+".soc2ready.json")
			code, out, errOut := cli(t, "score", file, "--json")
			if code != 0 {
				t.Fatalf("score: exit %d: %s", code, errOut)
			}
			checkGolden(t, name+".score.json", out)
			code, out, errOut = cli(t, "plan", "--csv", file)
			if code != 0 {
				t.Fatalf("plan: exit %d: %s", code, errOut)
			}
			checkGolden(t, name+".plan.csv", out)
		})
	}
}

// The scenarios must tell companies apart the way a reader expects.
func TestCLIScenariosOrder(t *testing.T) {
	readiness := map[string]float64{}
	for _, name := range scenarios {
		_, out, _ := cli(t, "score", "--json", filepath.Join("testdata", "scenarios", name+".soc2ready.json"))
		var s scoreJSON
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		if len(s.Exceptions) > 1 && s.Exceptions[0].Probability*float64(s.Exceptions[0].Impact) < s.Exceptions[1].Probability*float64(s.Exceptions[1].Impact) {
			t.Errorf("%s: exceptions are not sorted most serious first", name)
		}
		readiness[name] = s.Readiness
	}
	if !(readiness["founders-type1"] < readiness["mature-type2"] && readiness["saas-type2"] < readiness["mature-type2"]) {
		t.Errorf("the mature company is not the most ready: %v", readiness)
	}
}

func TestCLIDatabaseRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "clients.db")
	src := filepath.Join("testdata", "scenarios", "saas-type2.soc2ready.json")

	code, out, errOut := cli(t, "import", src, "--db", db)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	id := strings.TrimSpace(out)
	if len(id) == 0 || strings.ContainsAny(id, " \n") {
		t.Fatalf("import printed %q, want the ID alone", out)
	}
	code, out, _ = cli(t, "list", "--db", db)
	if code != 0 || !strings.Contains(out, id) || !strings.Contains(out, "Brightpath Software GmbH") {
		t.Fatalf("list: exit %d, output %q lacks the import", code, out)
	}
	_, fromFile, _ := cli(t, "score", "--json", src)
	code, fromDB, errOut := cli(t, "score", id, "--json", "--db", db)
	if code != 0 || fromDB != fromFile {
		t.Errorf("score of the stored assessment differs from the file's (exit %d %s)", code, errOut)
	}
	exported := filepath.Join(dir, "out.soc2ready.json")
	if code, _, errOut = cli(t, "export", id, "-o", exported, "--db", db); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	_, again, _ := cli(t, "score", "--json", exported)
	if again != fromFile {
		t.Error("the exported file scores differently from the imported one")
	}
	backup := filepath.Join(dir, "backup.db")
	if code, _, errOut = cli(t, "backup", "-o", backup, "--db", db); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, errOut)
	}
	_, listed, _ := cli(t, "list", "--db", backup)
	if !strings.Contains(listed, id) {
		t.Errorf("the backup does not hold the assessment: %q", listed)
	}
	// SOC2READY_DB works like --db.
	t.Setenv("SOC2READY_DB", db)
	if _, out, _ := cli(t, "list"); !strings.Contains(out, id) {
		t.Errorf("SOC2READY_DB was not used: %q", out)
	}
}

func TestCLIImportBadFileChangesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	if code, _, errOut := cli(t, "import", "--db", db, filepath.Join("testdata", "scenarios", "founders-type1.soc2ready.json")); code != 0 {
		t.Fatal(errOut)
	}
	_, before, _ := cli(t, "list", "--db", db, "--json")
	bad := writeFile(t, "bad.soc2ready.json", `{"format":"soc2ready.assessment","version":9,"company":"X"}`)
	code, out, errOut := cli(t, "import", bad, "--db", db)
	if code != 1 || out != "" || !strings.Contains(errOut, "newer soc2ready") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, after, _ := cli(t, "list", "--db", db, "--json"); after != before {
		t.Errorf("a refused import changed the database:\n%s\n%s", before, after)
	}
	if code, _, errOut := cli(t, "score", "nosuchid", "--db", db); code != 1 || !strings.Contains(errOut, "neither a file nor an assessment ID") {
		t.Errorf("unknown ID: exit %d, %q", code, errOut)
	}
}

func TestCLIReport(t *testing.T) {
	t.Setenv("SOC2READY_TODAY", "2026-12-01")
	dir := t.TempDir()
	src := filepath.Join("testdata", "scenarios", "mature-type2.soc2ready.json")
	tests := []struct {
		paper string
		size  string
	}{
		{"a4", "595.28 x 841.89"},
		{"letter", "612 x 792"},
	}
	for _, tt := range tests {
		t.Run(tt.paper, func(t *testing.T) {
			out := filepath.Join(dir, tt.paper+".pdf")
			code, stdout, errOut := cli(t, "report", src, "-o", out, "--paper", tt.paper)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if stdout != "" {
				t.Errorf("report printed %q", stdout)
			}
			data, err := os.ReadFile(out)
			if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Fatalf("no PDF written: %v", err)
			}
			needTool(t, "pdfinfo")
			info, err := exec.Command("pdfinfo", out).Output()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(info), tt.size) {
				t.Errorf("page size is not %s:\n%s", tt.size, info)
			}
			text, err := exec.Command("pdftotext", out, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"Łódź Payments S.A.", "Executive summary", "Remediation plan"} {
				if !strings.Contains(string(text), want) {
					t.Errorf("the PDF lacks %q", want)
				}
			}
		})
	}
	for _, tt := range []struct{ name, out, want string }{
		{"missing folder", filepath.Join(dir, "no", "such", "r.pdf"), "the folder does not exist"},
		{"a folder", dir, "it is a folder"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := cli(t, "report", src, "-o", tt.out)
			if code != 1 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q, want 1 and %q", code, errOut, tt.want)
			}
		})
	}
	if code, _, errOut := cli(t, "report", src, "-o", filepath.Join(dir, "x.pdf"), "--paper", "a3"); code != 2 || !strings.Contains(errOut, "a3") {
		t.Errorf("bad paper: exit %d, %q", code, errOut)
	}
	if code, _, errOut := cli(t, "report", src); code != 2 || !strings.Contains(errOut, "-o FILE is required") {
		t.Errorf("no -o: exit %d, %q", code, errOut)
	}
}
