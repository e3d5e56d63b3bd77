package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"soc2ready/assessment"
	"soc2ready/report"
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
		{"help lists merge", []string{"help"}, 0, "soc2ready merge FILE FILE… -o OUT.json [--json]", "", false},
		{"help lists compare", []string{"help"}, 0, "soc2ready compare A B [--json]", "", false},
		{"help explains snapshots", []string{"help"}, 0, "ID@YYYY-MM-DD (the last", "", false},
		{"compare help", []string{"compare", "-h"}, 0, "usage: soc2ready compare A B [--json]", "", false},
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

// A custom bank with mistakes is refused by every command that loads it,
// listing each problem by question, with exit status 1 and nothing on stdout.
func TestCLIBadBankFile(t *testing.T) {
	custom, err := os.ReadFile(filepath.Join("testdata", "banks", "custom.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	edit := func(pairs ...string) string {
		s := string(custom)
		for i := 0; i < len(pairs); i += 2 {
			s = strings.Replace(s, pairs[i], pairs[i+1], 1)
		}
		return s
	}
	tests := []struct {
		name    string
		bank    string
		golden  string   // the whole of stderr, when set
		want    []string // each in stderr
		command []string // also refused by these commands
	}{
		{
			name: "several problems in several questions",
			bank: edit("criteria: [CC6.1]", "criteria: [CC9.9]", "frequency: quarterly", "frequency: fortnightly",
				"impact: 2\n    remediation: {action: Scan", "impact: 5\n    remediation: {action: Scan",
				"id: LW-05", "id: LW-04", "title: Security training at hire and yearly", `title: ""`,
				"area: people\n    category: security\n    title: Annual", "area: hr\n    category: security\n    title: Annual"),
			golden:  "bank-errors.txt",
			command: []string{"score", "plan"},
		},
		{
			name: "one question, three problems",
			bank: "id: x\nversion: '1'\nareas: [{id: a, name: A}]\nquestions:\n  - {id: Q1, area: a, category: security, title: T, prompt: P, help: H, evidence: E, criteria: [CC9.9], frequency: often, impact: 5, remediation: {action: A, steps: [S], effort: S, owner_role: CTO}}\n",
			want: []string{"3 problem(s)", `question Q1: criteria: unknown criterion "CC9.9"`, "question Q1: frequency", "question Q1: impact: 5 is outside 1..3"},
		},
		{
			name: "the bank itself",
			bank: edit("id: lite-workshop", "id: ' '", `version: "2"`, `version: ""`),
			want: []string{"2 problem(s)", "bank: id: is empty", "bank: version: is empty"},
		},
		{
			name:    "a misspelt field",
			bank:    edit("applies_if: employees", "applies-if: employees"),
			want:    []string{"read question bank", "applies-if"},
			command: []string{"score"},
		},
		{
			name: "not YAML",
			bank: "questions: [",
			want: []string{"read question bank"},
		},
	}
	scenario := filepath.Join("testdata", "scenarios", "founders-type1.soc2ready.json")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "bank.yaml", tt.bank)
			code, out, errOut := cli(t, "bank", "--bank", path)
			if code != 1 || out != "" {
				t.Fatalf("exit %d stdout %q, want 1 and nothing", code, out)
			}
			if tt.golden != "" {
				checkGolden(t, tt.golden, strings.ReplaceAll(errOut, path, "BANK"))
			}
			for _, want := range tt.want {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			for _, cmd := range tt.command {
				code, out, again := cli(t, cmd, scenario, "--bank", path)
				if code != 1 || out != "" || again != strings.Replace(errOut, "soc2ready bank:", "soc2ready "+cmd+":", 1) {
					t.Errorf("%s: exit %d, stdout %q, stderr %q; want 1 and the same problems", cmd, code, out, again)
				}
			}
		})
	}
	code, _, errOut := cli(t, "bank", "--bank", filepath.Join(t.TempDir(), "missing.yaml"))
	if code != 1 || !strings.Contains(errOut, "question bank: read ") || !strings.Contains(errOut, "no such file") {
		t.Errorf("missing bank file: exit %d, %q", code, errOut)
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

// checkPDFText checks that the text of a PDF holds each of want.
func checkPDFText(t *testing.T, pdf string, want ...string) {
	t.Helper()
	text, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(string(text), w) {
			t.Errorf("the PDF lacks %q", w)
		}
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
			checkPDFText(t, out, "Łódź Payments S.A.", "Executive summary", "Remediation plan")
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

var (
	customBank = filepath.Join("testdata", "banks", "custom.yaml")
	customFile = filepath.Join("testdata", "banks", "custom.soc2ready.json")
)

// score, plan and report read a file made with a custom bank when --bank
// names it, and refuse it otherwise.
func TestCLICustomBank(t *testing.T) {
	t.Setenv("SOC2READY_TODAY", "2026-12-01")
	data, err := os.ReadFile(customFile)
	if err != nil {
		t.Fatal(err)
	}
	// The same company's file from version 1 of the bank, which had a
	// question version 2 no longer lists.
	older := writeFile(t, "v1.soc2ready.json", strings.NewReplacer(`"version": "2"`, `"version": "1"`, `"LW-06": {`, `"LW-00": {`).Replace(string(data)))
	scenario := filepath.Join("testdata", "scenarios", "founders-type1.soc2ready.json")
	retired := "1 answer is to a retired question and does not count: LW-06 Annual security quiz. They are kept in the assessment.\n"
	tests := []struct {
		name   string
		args   []string
		code   int
		golden string // stdout
		stderr string // all of stderr when code is 0, else a part
	}{
		{"bank", []string{"bank", "--bank", customBank}, 0, "custom.bank.txt", ""},
		{"score", []string{"score", customFile, "--bank", customBank}, 0, "custom.score.txt", retired},
		{"score --json", []string{"score", "--json", "--bank", customBank, customFile}, 0, "custom.score.json", retired},
		{"plan", []string{"plan", customFile, "--bank", customBank}, 0, "custom.plan.txt", retired},
		{"without --bank", []string{"score", customFile}, 1, "",
			`bank.id: the file was made with question bank "lite-workshop", not "soc2ready-core": load that bank (pass its file with --bank FILE)`},
		{"another bank's file", []string{"plan", scenario, "--bank", customBank}, 1, "",
			`the file was made with question bank "soc2ready-core", not "lite-workshop"`},
		{"an older version answering a question since removed", []string{"score", older, "--bank", customBank}, 1, "",
			"answers.LW-00: no such question in bank lite-workshop 2; the file was made with version 1: load that version of the bank to read it (pass its file with --bank FILE)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			if tt.code != 0 {
				if out != "" || !strings.Contains(errOut, tt.stderr) {
					t.Errorf("stdout %q, stderr %q; want nothing and %q", out, errOut, tt.stderr)
				}
				return
			}
			if errOut != tt.stderr {
				t.Errorf("stderr %q, want %q", errOut, tt.stderr)
			}
			checkGolden(t, tt.golden, out)
		})
	}

	t.Run("report", func(t *testing.T) {
		pdf := filepath.Join(t.TempDir(), "r.pdf")
		code, out, errOut := cli(t, "report", customFile, "--bank", customBank, "-o", pdf)
		if code != 0 || out != "" || errOut != retired {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
		}
		needTool(t, "pdftotext")
		checkPDFText(t, pdf, "Northwind Clinics Ltd", "lite-workshop 2", "Backups restored once a year")
	})

	// In the database too: the stored assessment keeps its bank, and is
	// scored only with it.
	t.Run("database", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "c.db")
		code, out, errOut := cli(t, "import", customFile, "--bank", customBank, "--db", db)
		if code != 0 {
			t.Fatalf("import: %s", errOut)
		}
		id := strings.TrimSpace(out)
		_, fromFile, _ := cli(t, "score", customFile, "--bank", customBank, "--json")
		if code, fromDB, errOut := cli(t, "score", id, "--bank", customBank, "--json", "--db", db); code != 0 || fromDB != fromFile || errOut != retired {
			t.Errorf("score of the stored assessment: exit %d, stderr %q, same as the file's: %v", code, errOut, fromDB == fromFile)
		}
		code, out, errOut = cli(t, "score", id, "--db", db)
		if want := "assessment " + id + ` was made with question bank "lite-workshop", not "soc2ready-core"`; code != 1 || out != "" || !strings.Contains(errOut, want) {
			t.Errorf("without --bank: exit %d, stdout %q, stderr %q; want 1 and %q", code, out, errOut, want)
		}
	})
}

// noteRetired prints assessment.RetiredNotice (tested there) as a line of
// its own, and nothing when every answer counts.
func TestNoteRetired(t *testing.T) {
	data, err := os.ReadFile(customBank)
	if err != nil {
		t.Fatal(err)
	}
	b, err := assessment.ParseBank(data)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		answers []string
		want    string
	}{
		{"none", []string{"LW-01", "LW-02"}, ""},
		{"retired and removed", []string{"LW-99", "LW-06"}, "1 answer is to a retired question and does not count: LW-06 Annual security quiz. " +
			"1 answer is to a question that bank lite-workshop 2 does not have, and does not count: LW-99. They are kept in the assessment.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &assessment.Assessment{Answers: map[string]assessment.Answer{}}
			for _, id := range tt.answers {
				a.Answers[id] = assessment.Answer{Status: assessment.Implemented}
			}
			var buf bytes.Buffer
			noteRetired(&buf, b, a)
			if buf.String() != tt.want {
				t.Errorf("got %q, want %q", buf.String(), tt.want)
			}
		})
	}
}

func TestCLIMerge(t *testing.T) {
	bank := customBank
	work := t.TempDir()
	// in names a file in work; short strips work from output, so that
	// golden files hold the names alone.
	in := func(name string) string { return filepath.Join(work, name) }
	short := func(s string) string { return strings.ReplaceAll(s, work+string(filepath.Separator), "") }
	for _, name := range []string{"alice", "bob"} {
		data, err := os.ReadFile(filepath.Join("testdata", "merge", name+".soc2ready.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(in(name+".json"), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("conflicts", func(t *testing.T) {
		code, out, errOut := cli(t, "merge", in("alice.json"), in("bob.json"), "-o", in("merged.json"), "--bank", bank)
		if code != 0 || errOut != "" {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		merged, err := os.ReadFile(in("merged.json"))
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "merge.txt", short(out))
		checkGolden(t, "merge.soc2ready.json", string(merged))
		if st, err := os.Stat(in("merged.json")); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("merged file mode %v (%v), want 0600", st.Mode(), err)
		}
		// The merged file is a valid assessment.
		if code, _, errOut := cli(t, "score", in("merged.json"), "--bank", bank); code != 0 {
			t.Errorf("score of the merged file: %s", errOut)
		}
	})
	t.Run("json", func(t *testing.T) {
		code, out, errOut := cli(t, "merge", "--json", "--bank", bank, in("bob.json"), in("alice.json"), "-o", in("merged2.json"))
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		checkGolden(t, "merge.json", short(out))
		// The order of the files changes nothing in what is written.
		a, _ := os.ReadFile(in("merged.json"))
		b, _ := os.ReadFile(in("merged2.json"))
		if !bytes.Equal(a, b) {
			t.Error("merging in another order wrote another file")
		}
	})
	t.Run("no conflicts", func(t *testing.T) {
		code, out, errOut := cli(t, "merge", in("alice.json"), in("alice.json"), "-o", in("same.json"), "--bank", bank, "--json")
		if code != 0 || short(out) != "{\n  \"output\": \"same.json\",\n  \"conflicts\": []\n}\n" {
			t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
		}
	})

	alice, err := os.ReadFile(in("alice.json"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, from, to string) string {
		if err := os.WriteFile(in(name), bytes.Replace(alice, []byte(from), []byte(to), 1), 0o600); err != nil {
			t.Fatal(err)
		}
		return in(name)
	}
	globex := write("globex.json", `"company": "northwind clinics LTD"`, `"company": "Globex Corp"`)
	otherBank := write("other-bank.json", `"id": "lite-workshop"`, `"id": "acme-custom"`)
	broken := write("broken.json", `"status": "implemented"`, `"status": "done"`)
	scenario := filepath.Join("testdata", "scenarios", "saas-type2.soc2ready.json")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"different companies", []string{in("alice.json"), in("bob.json"), globex, "--bank", bank}, 1,
			`soc2ready merge: alice.json and globex.json cannot be merged: they are about different companies ("northwind clinics LTD" and "Globex Corp")`},
		{"different banks", []string{in("alice.json"), scenario, "--bank", bank}, 1,
			`alice.json and ` + scenario + ` cannot be merged: they were made with different question banks ("lite-workshop" and "soc2ready-core")`},
		{"different banks, neither loaded", []string{otherBank, in("bob.json")}, 1,
			`other-bank.json and bob.json cannot be merged: they were made with different question banks ("acme-custom" and "lite-workshop")`},
		{"the same bank, not loaded", []string{in("alice.json"), in("bob.json")}, 1,
			`alice.json: invalid assessment file: bank.id: the file was made with question bank "lite-workshop", not "soc2ready-core": load that bank (pass its file with --bank FILE)`},
		{"a broken file", []string{in("alice.json"), broken, "--bank", bank}, 1, "broken.json: invalid assessment file: answers.LW-01.status"},
		{"a missing file", []string{in("alice.json"), in("nobody.json"), "--bank", bank}, 1, "read nobody.json"},
		{"one file", []string{in("alice.json"), "--bank", bank}, 2, "expected two or more files to merge, got 1"},
		{"no -o", []string{in("alice.json"), in("bob.json"), "--bank", bank}, 2, "-o FILE is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := in("refused.json")
			args := append([]string{"merge"}, tt.args...)
			if tt.name != "no -o" {
				args = append(args, "-o", out)
			}
			code, stdout, errOut := cli(t, args...)
			if errOut = short(errOut); code != tt.code || stdout != "" || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, nothing and %q", code, stdout, errOut, tt.code, tt.want)
			}
			if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a refused merge wrote %s (%v)", out, err)
			}
		})
	}
}

func TestCLICompare(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	code, out, errOut := cli(t, "import", customFile, "--bank", customBank, "--db", db)
	if code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	id := strings.TrimSpace(out)
	data, err := os.ReadFile(customFile)
	if err != nil {
		t.Fatal(err)
	}
	globex := writeFile(t, "globex.soc2ready.json", strings.Replace(string(data), `"company": "Northwind Clinics Ltd"`, `"company": "Globex Corp"`, 1))
	noHistory := writeFile(t, "new.soc2ready.json", `{"format":"soc2ready.assessment","version":1,"company":"Northwind Clinics Ltd","scope":{"report_type":"type1"},"bank":{"id":"lite-workshop","version":"2"}}`)
	args := func(refs ...string) []string {
		return append([]string{"compare", "--bank", customBank, "--db", db}, refs...)
	}

	tests := []struct {
		name   string
		args   []string
		golden string // stdout, with the ID written as ID
		stderr string
	}{
		{"a snapshot with now", args(id+"@1", id), "compare.txt", ""},
		{"json", append(args(id+"@2026-09-30", id+"@latest"), "--json"), "compare.json", ""},
		{"two files, two companies", args(customFile+"@2", globex), "compare-companies.txt", "Comparing two different companies: Northwind Clinics Ltd and Globex Corp.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, tt.args...)
			if code != 0 || errOut != tt.stderr {
				t.Fatalf("exit %d, stderr %q, want 0 and %q", code, errOut, tt.stderr)
			}
			checkGolden(t, tt.golden, strings.ReplaceAll(strings.ReplaceAll(out, id, "ID"), globex, "globex.soc2ready.json"))
		})
	}

	// Which snapshot a reference picks: by number, by day (the last on or
	// before it, in UTC) and the latest. Snapshots were taken on 2026-09-15
	// 10:00, 2026-10-20 16:00 and 2026-11-10 09:30.
	for _, tt := range []struct{ ref, label string }{
		{id + "@1", "snapshot 1 (2026-09-15 10:00, kick-off)"},
		{id + "@3", "snapshot 3 (2026-11-10 09:30)"},
		{id + "@latest", "snapshot 3 (2026-11-10 09:30)"},
		{id + "@2026-09-15", "snapshot 1 (2026-09-15 10:00, kick-off)"},
		{id + "@2026-10-19", "snapshot 1 (2026-09-15 10:00, kick-off)"},
		{id + "@2026-10-20", "snapshot 2 (2026-10-20 16:00, after workshop)"},
		{id + "@2030-01-01", "snapshot 3 (2026-11-10 09:30)"},
		{customFile + "@2", "snapshot 2 (2026-10-20 16:00, after workshop)"},
		{id, "now"},
		{customFile, "now"},
	} {
		t.Run(tt.ref, func(t *testing.T) {
			code, out, errOut := cli(t, append(args(tt.ref, id), "--json")...)
			var got compareJSON
			if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
				t.Fatalf("exit %d, %s", code, errOut)
			}
			if want := "Northwind Clinics Ltd, " + tt.label; got.From.Label != want {
				t.Errorf("label %q, want %q", got.From.Label, want)
			}
		})
	}

	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"snapshot 0", args(id+"@0", id), 2, `"` + id + `@0": after the @ write a snapshot number (1 is the oldest), a date YYYY-MM-DD or latest`},
		{"nothing after @", args(id+"@", id), 2, "after the @ write a snapshot number"},
		{"nothing before @", args(id, "@3"), 2, `"@3" names no assessment before the @`},
		{"a word", args(id+"@yesterday", id), 2, "after the @ write a snapshot number"},
		{"a bad date", args(id, id+"@2026-13-01"), 2, "after the @ write a snapshot number"},
		{"one argument", args(id), 2, "expected two assessments to compare (FILE, ID or ID@snapshot), got 1 arguments"},
		{"no such snapshot", args(id+"@9", id), 1, id + " has 3 snapshot(s): there is no snapshot 9"},
		{"before the first", args(id+"@2026-09-14", id), 1, id + " has no snapshot on or before 2026-09-14: the first was taken on 2026-09-15"},
		{"no history", args(noHistory+"@latest", id), 1, noHistory + " has no snapshots yet, so there is no snapshot latest"},
		{"no such assessment", args("nosuch@1", id), 1, `"nosuch" is neither a file nor an assessment ID`},
		{"another bank", args(id, filepath.Join("testdata", "scenarios", "saas-type2.soc2ready.json")), 1, `made with question bank "soc2ready-core", not "lite-workshop"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, tt.args...)
			if code != tt.code || out != "" || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, nothing and %q", code, out, errOut, tt.code, tt.want)
			}
		})
	}
}

func FuzzParseSnapshotRef(f *testing.F) {
	for _, s := range []string{"abc", "abc@1", "abc@latest", "abc@2026-10-31", "a@b@3", "@", "x@", "@1", "x@0", "x@-1", "x@99999999999999999999", "x@2026-02-30", "x@LATEST", "x@+1", "x@1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := parseSnapshotRef(s)
		if err != nil {
			var ue usageError
			if !errors.As(err, &ue) {
				t.Fatalf("%q: %v is not a usage error (exit 2)", s, err)
			}
			return
		}
		kinds := 0
		for _, k := range []bool{r.at == "", r.index > 0, !r.day.IsZero(), r.latest} {
			if k {
				kinds++
			}
		}
		if r.target == "" || kinds != 1 {
			t.Fatalf("%q parsed as %+v", s, r)
		}
		if r.at == "" && r.target != s || r.at != "" && r.target+"@"+r.at != s {
			t.Fatalf("%q parsed as %+v, which does not add up to it", s, r)
		}
	})
}

func TestCLIQuestionnaire(t *testing.T) {
	t.Setenv("SOC2READY_TODAY", "2026-12-01")
	dir := t.TempDir()
	src := filepath.Join("testdata", "scenarios", "founders-type1.soc2ready.json")
	first, second := filepath.Join(dir, "q1.pdf"), filepath.Join(dir, "q2.pdf")
	for _, out := range []string{first, second} {
		if code, stdout, errOut := cli(t, "questionnaire", src, "-o", out, "--paper", "letter"); code != 0 || stdout != "" {
			t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, errOut)
		}
	}
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	if !bytes.HasPrefix(a, []byte("%PDF-")) || !bytes.Equal(a, b) {
		t.Fatal("two questionnaires of the same file differ, or are not PDFs")
	}
	needTool(t, "pdftotext")
	text, err := exec.Command("pdftotext", first, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// The founders have no office: AC-17 (office access) is not asked.
	for want, present := range map[string]bool{"AC-01": true, "Two Founders Labs": true, "Not applicable": true, "AC-17": false} {
		if strings.Contains(string(text), want) != present {
			t.Errorf("questionnaire contains %q: %v, want %v", want, !present, present)
		}
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"questionnaire", src}, 2, "-o FILE is required"},
		{[]string{"questionnaire", src, "-o", first, "--paper", "a3"}, 2, "a3"},
		{[]string{"questionnaire", src, "-o", filepath.Join(dir, "no", "q.pdf")}, 1, "the folder does not exist"},
	} {
		if code, _, errOut := cli(t, tt.args...); code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

// setCell changes one cell of a workbook's Answers sheet, found by question ID
// and column header, as a client filling the sheet offline would.
func setCell(t *testing.T, path, question, column, value string) {
	t.Helper()
	wb, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.GetRows(report.AnswersSheet)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], column)
	for i, row := range rows {
		if len(row) > 0 && row[0] == question && col >= 0 {
			cell, _ := excelize.CoordinatesToCellName(col+1, i+1)
			if err := wb.SetCellStr(report.AnswersSheet, cell, value); err != nil {
				t.Fatal(err)
			}
			if err := wb.Save(); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no cell %s/%s in %s", question, column, path)
}

// TestCLIImportXLSXKeepsUnknownFields: import-xlsx --into FILE rewrites the
// file with the new answers and every field this version does not know,
// exactly as it was (issue 13).
func TestCLIImportXLSXKeepsUnknownFields(t *testing.T) {
	file, sheet := sheetScenario(t, func(data []byte) []byte {
		data = bytes.Replace(data, []byte(`"company":`), []byte(`"x_newer_field": {"a": [1, 2.50]}, "company":`), 1)
		return bytes.Replace(data, []byte(`"report_type":`), []byte(`"x_scope_hint": "q3", "report_type":`), 1)
	})
	setCell(t, sheet, "AC-01", "Status", "Missing")
	if code, out, errOut := cli(t, "import-xlsx", sheet, "--into", file); code != 0 || !strings.HasPrefix(out, "1 answers changed") {
		t.Fatalf("exit %d, %q, %s", code, out, errOut)
	}
	after, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(after, &doc); err != nil {
		t.Fatal(err)
	}
	scope, _ := doc["scope"].(map[string]any)
	if fmt.Sprint(doc["x_newer_field"]) != "map[a:[1 2.5]]" || scope["x_scope_hint"] != "q3" || !bytes.Contains(after, []byte("2.50")) {
		t.Errorf("unknown fields lost or changed:\n%s", after)
	}
}

// sheetScenario copies the SaaS scenario, changed by edit, into a new folder
// and exports its spreadsheet there; it returns the file and the sheet.
func sheetScenario(t *testing.T, edit func([]byte) []byte) (file, sheet string) {
	t.Helper()
	t.Setenv("SOC2READY_TODAY", "2026-12-01")
	dir := t.TempDir()
	file = filepath.Join(dir, "saas.soc2ready.json")
	data, err := os.ReadFile(filepath.Join("testdata", "scenarios", "saas-type2.soc2ready.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, edit(data), 0o600); err != nil {
		t.Fatal(err)
	}
	sheet = filepath.Join(dir, "saas.xlsx")
	if code, _, errOut := cli(t, "export", file, "--xlsx", "-o", sheet); code != 0 {
		t.Fatalf("export --xlsx: %s", errOut)
	}
	return file, sheet
}

func TestCLISpreadsheetRoundTrip(t *testing.T) {
	file, sheet := sheetScenario(t, func(data []byte) []byte { return data })
	dir := filepath.Dir(file)
	// Untouched, the sheet changes nothing.
	if code, out, errOut := cli(t, "import-xlsx", sheet, "--into", file); code != 0 || !strings.HasPrefix(out, "0 answers changed") {
		t.Fatalf("exit %d, %q, %s", code, out, errOut)
	}
	// A bad value is listed with its row, and nothing changes.
	setCell(t, sheet, "AC-01", "Status", "done")
	before, _ := os.ReadFile(file)
	code, out, errOut := cli(t, "import-xlsx", sheet, "--into", file)
	if code != 1 || out != "" || !strings.Contains(errOut, "(AC-01): Status:") || !strings.Contains(errOut, "nothing was imported") {
		t.Errorf("bad sheet: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Error("a refused sheet changed the file")
	}
	// A client's real change comes through, into the file and into the database.
	setCell(t, sheet, "AC-01", "Status", "Missing")
	if code, out, errOut := cli(t, "import-xlsx", sheet, "--into", file); code != 0 || !strings.HasPrefix(out, "1 answers changed") {
		t.Fatalf("exit %d, %q, %s", code, out, errOut)
	}
	_, scored, _ := cli(t, "score", "--json", file)
	if !strings.Contains(scored, `"question": "AC-01"`) {
		t.Error("the imported missing control is not a likely exception")
	}
	db := filepath.Join(dir, "c.db")
	_, id, _ := cli(t, "import", "--db", db, filepath.Join("testdata", "scenarios", "saas-type2.soc2ready.json"))
	id = strings.TrimSpace(id)
	if code, out, errOut := cli(t, "import-xlsx", sheet, "--into", id, "--db", db); code != 0 || !strings.HasPrefix(out, "1 answers changed") {
		t.Fatalf("into the database: exit %d, %q, %s", code, out, errOut)
	}
	_, fromDB, _ := cli(t, "score", "--json", id, "--db", db)
	if fromDB != scored {
		t.Error("the database and the file disagree after the same sheet")
	}
	// CSV of the answers goes to stdout without -o.
	if code, out, _ := cli(t, "export", file, "--csv"); code != 0 || !strings.HasPrefix(out, strings.Join(report.AnswersCSVHeader, ",")) {
		t.Errorf("export --csv: exit %d, %q", code, out[:min(len(out), 80)])
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"import-xlsx", sheet}, "--into ID|FILE is required"},
		{[]string{"export", file, "--xlsx", "--csv", "-o", sheet}, "not both"},
	} {
		if code, _, errOut := cli(t, tt.args...); code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q", tt.args, code, errOut)
		}
	}
	notSheet := writeFile(t, "x.xlsx", "id,status\nAC-01,missing\n")
	if code, _, errOut := cli(t, "import-xlsx", notSheet, "--into", file); code != 1 || !strings.Contains(errOut, "x.xlsx") {
		t.Errorf("a CSV named .xlsx: exit %d, %q", code, errOut)
	}
}

func TestGUIArgs(t *testing.T) {
	tests := []struct {
		args    []string
		db, err string
	}{
		{nil, "", ""},
		{[]string{"--db", "/tmp/x.db"}, "/tmp/x.db", ""},
		{[]string{"--db=/tmp/y.db"}, "/tmp/y.db", ""},
		{[]string{"--db", "/tmp/x.db", "extra"}, "", "unexpected argument"},
		{[]string{"--db"}, "", "flag needs an argument"},
	}
	for _, tt := range tests {
		db, err := guiArgs(tt.args)
		if db != tt.db || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("guiArgs(%q) = %q, %v; want %q, %q", tt.args, db, err, tt.db, tt.err)
		}
	}
}

// calibration is an auditor's expectation for a company profile in
// testdata/calibration (README, "Calibration").
type calibration struct {
	Profile    string     `json:"profile"`
	Auditor    string     `json:"auditor"`
	Opinion    string     `json:"opinion"`
	Exceptions [2]float64 `json:"exceptions"`
	Verdict    string     `json:"verdict"`
}

// TestCalibration: for every profile an auditor judged, the forecast gives
// the auditor's opinion and an expected number of exceptions inside the
// auditor's range; the whole forecast is pinned by a golden file.
func TestCalibration(t *testing.T) {
	t.Setenv("SOC2READY_TODAY", "2026-12-01")
	data, err := os.ReadFile(filepath.Join("testdata", "calibration", "expectations.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]calibration
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "calibration", "*.soc2ready.json"))
	if len(files) != len(want) || len(files) < 5 {
		t.Fatalf("%d profiles and %d expectations", len(files), len(want))
	}
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := cli(t, "score", "--json", filepath.Join("testdata", "calibration", name+".soc2ready.json"))
			if code != 0 {
				t.Fatalf("score: exit %d: %s", code, errOut)
			}
			var got scoreJSON
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if string(got.Opinion) != w.Opinion {
				t.Errorf("opinion %s, the auditor expects %s (%s)", got.Opinion, w.Opinion, w.Auditor)
			}
			if got.Expected < w.Exceptions[0] || got.Expected > w.Exceptions[1] {
				t.Errorf("%.2f exceptions expected, the auditor expects %v (%s)", got.Expected, w.Exceptions, w.Auditor)
			}
			if w.Verdict != "" && string(got.Verdict) != w.Verdict {
				t.Errorf("verdict %s, want %s", got.Verdict, w.Verdict)
			}
			checkGolden(t, "calibration-"+name+".score.json", out)
		})
	}
}

// TestCLIEvidence: the evidence request list as PDF and as CSV, one row a
// control; without -o it is a usage error.
func TestCLIEvidence(t *testing.T) {
	t.Setenv("SOC2READY_TODAY", "2026-12-01")
	dir := t.TempDir()
	file := filepath.Join("testdata", "scenarios", "saas-type2.soc2ready.json")
	pdf, csvOut := filepath.Join(dir, "ev.pdf"), filepath.Join(dir, "ev.csv")
	if code, out, errOut := cli(t, "evidence", file, "-o", pdf); code != 0 || out != "" {
		t.Fatalf("evidence: exit %d, %q %q", code, out, errOut)
	}
	if data, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %v", err)
	}
	if code, _, errOut := cli(t, "evidence", "--csv", file, "-o", csvOut); code != 0 {
		t.Fatalf("evidence --csv: exit %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(csvOut)
	_, scoreOut, _ := cli(t, "score", "--json", file)
	var s scoreJSON
	if err := json.Unmarshal([]byte(scoreOut), &s); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(data), "\n"); lines != s.Applicable+1 {
		t.Errorf("%d CSV lines for %d applicable controls", lines, s.Applicable)
	}
	if code, _, _ := cli(t, "evidence", file); code != 2 {
		t.Errorf("evidence without -o: exit %d, want 2", code)
	}
}

// TestCLICollect: evidence marked collected in a FILE and in the database
// shows in the evidence list; --undo takes it back; a bad question or date
// changes nothing.
func TestCLICollect(t *testing.T) {
	t.Setenv("SOC2READY_TODAY", "2026-12-01")
	dir := t.TempDir()
	file := copyFile(t, filepath.Join("testdata", "scenarios", "saas-type2.soc2ready.json"), dir)
	if code, out, errOut := cli(t, "collect", file, "AC-01", "--ref", "https://drive.example/mfa.png"); code != 0 || out != "" {
		t.Fatalf("collect: exit %d %q %q", code, out, errOut)
	}
	csvOut := filepath.Join(dir, "ev.csv")
	if code, _, errOut := cli(t, "evidence", "--csv", file, "-o", csvOut); code != 0 {
		t.Fatalf("evidence: %s", errOut)
	}
	data, _ := os.ReadFile(csvOut)
	if !strings.Contains(string(data), ",2026-12-01,https://drive.example/mfa.png") {
		t.Errorf("the evidence list does not show AC-01 collected:\n%s", data)
	}
	before, _ := os.ReadFile(file)
	for _, args := range [][]string{{"collect", file, "ZZ-99"}, {"collect", file, "AC-01", "--on", "01/12/2026"}} {
		if code, _, _ := cli(t, args...); code == 0 {
			t.Errorf("%v: exit 0", args)
		}
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Error("a refused collect changed the file")
	}
	if code, _, errOut := cli(t, "collect", file, "AC-01", "--undo"); code != 0 {
		t.Fatalf("collect --undo: %s", errOut)
	}
	if data, _ := os.ReadFile(file); strings.Contains(string(data), "mfa.png") {
		t.Error("--undo left the record")
	}

	db := filepath.Join(dir, "clients.db")
	_, id, _ := cli(t, "import", "--db", db, file)
	id = strings.TrimSpace(id)
	if code, _, errOut := cli(t, "collect", "--db", db, id, "CM-01", "--on", "2026-11-20", "--ref", "/srv/prs.csv"); code != 0 {
		t.Fatalf("collect in the database: %s", errOut)
	}
	if code, _, errOut := cli(t, "evidence", "--db", db, "--csv", id, "-o", csvOut); code != 0 {
		t.Fatalf("evidence: %s", errOut)
	}
	if data, _ := os.ReadFile(csvOut); !strings.Contains(string(data), ",2026-11-20,/srv/prs.csv") {
		t.Errorf("the evidence list from the database does not show CM-01 collected")
	}
}

// TestCLIMockAudit is the README's worked example: import the leavers list,
// draw the sample, record a failure, and the forecast takes it; a list with
// a bad date names the row and changes nothing; the database works the same.
func TestCLIMockAudit(t *testing.T) {
	dir := t.TempDir()
	file := copyFile(t, filepath.Join("assets", "sample.soc2ready.json"), dir)
	list := filepath.Join("testdata", "mock", "leavers.csv")
	code, out, errOut := cli(t, "population", file, "--kind", "leavers", "--csv", list)
	if code != 0 || out != "12 leavers imported, 8 in the period\n" {
		t.Fatalf("population: exit %d, %q %q", code, out, errOut)
	}
	var s sampleJSON
	_, out, _ = cli(t, "sample", file, "--json")
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Seed != 1 || len(s.Samples) == 0 || s.Samples[0].Question != "AC-08" || s.Samples[0].Size != 3 || s.Samples[0].InPeriod != 8 {
		t.Fatalf("sample: %+v", s)
	}
	item := s.Samples[0].Items[1].ID
	if code, _, errOut := cli(t, "record", file, "AC-08", item, "fail", "--note", "access removed 9 days late"); code != 0 {
		t.Fatalf("record: %s", errOut)
	}
	var sc scoreJSON
	_, out, _ = cli(t, "score", "--json", file)
	if err := json.Unmarshal([]byte(out), &sc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range sc.Exceptions {
		if e.Question == "AC-08" {
			found = e.Probability == 1 && e.Counted && strings.Contains(e.Reason, item)
		}
	}
	if !found {
		t.Error("the recorded failure is not an exception for certain in the forecast")
	}
	if code, _, _ := cli(t, "record", file, "AC-08", "nobody@x.test", "pass"); code == 0 {
		t.Error("an item outside the sample was recorded")
	}
	if code, _, _ := cli(t, "sample", file, "--seed", "99"); code != 0 {
		t.Error("sample --seed failed")
	}
	if _, out, _ = cli(t, "sample", file, "--json"); !strings.Contains(out, `"seed": 99`) {
		t.Error("the new seed was not recorded")
	}

	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("email,last day\na@x.test,2027-01-01\nb@x.test,someday\n"), 0o600)
	before, _ := os.ReadFile(file)
	code, _, errOut = cli(t, "population", file, "--kind", "leavers", "--csv", bad)
	if after, _ := os.ReadFile(file); code != 1 || !strings.Contains(errOut, "row 3") || !bytes.Equal(before, after) {
		t.Errorf("a bad list: exit %d, %q, file changed %v", code, errOut, !bytes.Equal(before, after))
	}

	db := filepath.Join(dir, "clients.db")
	_, id, _ := cli(t, "import", "--db", db, file)
	id = strings.TrimSpace(id)
	if code, out, errOut := cli(t, "population", "--db", db, id, "--kind", "leavers", "--csv", list); code != 0 || !strings.Contains(out, "8 in the period") {
		t.Fatalf("population in the database: %q %s", out, errOut)
	}
	if _, out, _ = cli(t, "sample", "--db", db, id, "--json"); !strings.Contains(out, `"result": "fail"`) {
		t.Error("the imported file's mock audit results were lost in the database")
	}
}
