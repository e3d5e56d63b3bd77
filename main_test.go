package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
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
		{"bad enum", `{"format":"soc2ready.assessment","version":1,"company":"A","scope":{"report_type":"type1"},"answers":{}}`, ""},
	}
	for _, tt := range tests[:2] {
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
