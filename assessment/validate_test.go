package assessment

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestParseBankRejects(t *testing.T) {
	good, err := os.ReadFile("testdata/bank.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := string(good)
	tests := []struct {
		name string
		edit func(string) string
		want []string // each must appear in the message
	}{
		{"duplicate ID", func(s string) string { return strings.Replace(s, "id: AC-02", "id: AC-01", 1) }, []string{"question AC-01: id: duplicate"}},
		{"unknown criterion", func(s string) string { return strings.Replace(s, "[CC6.4]", "[CC6.9]", 1) }, []string{"question AC-04: criteria", `"CC6.9"`}},
		{"criterion of another category", func(s string) string { return strings.Replace(s, "[A1.3]", "[P1.1]", 1) }, []string{"question AV-01: criteria", "privacy"}},
		{"unknown area", func(s string) string { return strings.Replace(s, "area: operations", "area: ops", 1) }, []string{"question SO-01: area", `"ops"`}},
		{"unknown category", func(s string) string { return strings.Replace(s, "category: security", "category: safety", 1) }, []string{"question AC-01: category"}},
		{"unknown frequency", func(s string) string { return strings.Replace(s, "frequency: daily", "frequency: hourly", 1) }, []string{"question SO-01: frequency", `"hourly"`}},
		{"unknown effort", func(s string) string {
			return strings.Replace(s, "effort: L, owner_role: Office", "effort: XL, owner_role: Office", 1)
		}, []string{"question AC-04: remediation.effort"}},
		{"impact too high", func(s string) string { return strings.Replace(s, "impact: 3", "impact: 4", 1) }, []string{"question AC-01: impact: 4 is outside 1..3"}},
		{"impact zero", func(s string) string {
			return strings.Replace(s, "impact: 1\n    applies_if", "impact: 0\n    applies_if", 1)
		}, []string{"question AC-04: impact"}},
		{"empty title", func(s string) string { return strings.Replace(s, "title: Log review", `title: ""`, 1) }, []string{"question SO-01: title: is empty"}},
		{"empty prompt", func(s string) string {
			return strings.Replace(s, "prompt: Do you scan for vulnerabilities every week?", "prompt: '  '", 1)
		}, []string{"question SO-02: prompt: is empty"}},
		{"unknown condition", func(s string) string { return strings.Replace(s, "applies_if: office", "applies_if: yacht", 1) }, []string{"question AC-04: applies_if"}},
		{"several problems at once", func(s string) string {
			return strings.Replace(strings.Replace(s, "impact: 2", "impact: 9", 1), "frequency: weekly", "frequency: often", 1)
		}, []string{"2 problem(s)", "question SO-01: impact", "question SO-02: frequency"}},
		{"unknown field", func(s string) string { return strings.Replace(s, "impact: 3", "impact: 3\n    weight: 3", 1) }, []string{"weight"}},
		{"not YAML", func(string) string { return "questions: [" }, []string{"read question bank"}},
		{"no questions", func(string) string { return "id: x\nversion: '1'\nareas: []\nquestions: []\n" }, []string{"no questions"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBank([]byte(tt.edit(g)))
			if err == nil {
				t.Fatal("bank accepted")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestValidationErrorListsEveryProblem(t *testing.T) {
	b := &Bank{ID: "x", Version: "1", Areas: []Area{{"a", "A"}}, Questions: []Question{{ID: "Q1", Area: "a"}}}
	var ve *ValidationError
	if err := b.Validate(); !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	fields := map[string]bool{}
	for _, p := range ve.Problems {
		if p.Question != "Q1" {
			t.Errorf("problem %v does not name Q1", p)
		}
		fields[p.Field] = true
	}
	for _, f := range []string{"category", "title", "prompt", "help", "evidence", "criteria", "frequency", "impact", "remediation.effort", "remediation.action", "remediation.owner_role", "remediation.steps"} {
		if !fields[f] {
			t.Errorf("no problem reported for %s", f)
		}
	}
}

func TestDependencies(t *testing.T) {
	bank := func(deps map[string][]string) *Bank {
		b := testBank(t)
		c := *b
		c.Questions = append([]Question(nil), b.Questions...)
		for i := range c.Questions {
			c.Questions[i].DependsOn = deps[c.Questions[i].ID]
		}
		return &c
	}
	tests := []struct {
		name string
		deps map[string][]string
		want string
	}{
		{"none", nil, ""},
		{"a chain", map[string][]string{"PE-02": {"SO-04"}, "AC-03": {"PE-04"}}, ""},
		{"unknown", map[string][]string{"PE-02": {"ZZ-01"}}, `question PE-02: depends_on[0]: unknown question "ZZ-01"`},
		{"itself", map[string][]string{"PE-02": {"PE-02"}}, "cannot depend on itself"},
		{"a cycle", map[string][]string{"AC-01": {"AC-02"}, "AC-02": {"SO-01"}, "SO-01": {"AC-01"}}, "dependencies form a cycle: AC-01 → AC-02 → SO-01 → AC-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := bank(tt.deps).Validate()
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}
