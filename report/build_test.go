package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"soc2ready/assessment"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// checkGolden compares a model's JSON with testdata/<name>.golden.json, or
// rewrites that file under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("model differs from %s (run go test -update if the change is intended)\n%s", path, firstDiff(got, want))
	}
}

// modelJSON is how models (the report's and the questionnaire's) are golden-tested.
func modelJSON(t *testing.T, m any) []byte {
	t.Helper()
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(data, '\n')
}

// TestBuildGolden compares the report model of each fixture with
// testdata/<name>.golden.json; go test -update rewrites them.
func TestBuildGolden(t *testing.T) {
	b := testBank(t)
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			checkGolden(t, fx.name, modelJSON(t, Build(b, fx.make(b), clock)))
		})
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

func TestBuildDeterministic(t *testing.T) {
	b := testBank(t)
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			a := fx.make(b)
			first := modelJSON(t, Build(b, a, clock))
			for range 5 {
				if got := modelJSON(t, Build(b, a, clock)); !bytes.Equal(got, first) {
					t.Fatal("two builds of the same input differ")
				}
			}
		})
	}
}

func TestBuildSections(t *testing.T) {
	b := testBank(t)
	tests := []struct {
		name       string
		a          *assessment.Assessment
		verdict    string
		exceptions bool
		responses  int
		progress   string // "" for none
	}{
		{"realistic", realistic(b), "Not ready", true, 2, "2 Nov 2026"},
		{"empty", empty(b), "Incomplete", false, 0, ""},
		{"allna", allNA(b), "Not ready", false, 0, ""},
		{"complete", complete(b), "Nearly ready", true, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Build(b, tt.a, clock)
			if m.Summary.Verdict != tt.verdict {
				t.Errorf("verdict %q, want %q", m.Summary.Verdict, tt.verdict)
			}
			if got := len(m.Exceptions) > 0; got != tt.exceptions {
				t.Errorf("has exceptions %v, want %v", got, tt.exceptions)
			}
			if len(m.Summary.Top) > topExceptions {
				t.Errorf("summary lists %d exceptions, want at most %d", len(m.Summary.Top), topExceptions)
			}
			if len(m.Summary.Top)+m.Summary.More != len(m.Exceptions) {
				t.Errorf("top %d + more %d != %d exceptions", len(m.Summary.Top), m.Summary.More, len(m.Exceptions))
			}
			if len(m.Responses) != tt.responses {
				t.Errorf("%d responses, want %d", len(m.Responses), tt.responses)
			}
			switch {
			case tt.progress == "" && m.Progress != nil:
				t.Errorf("progress since %s, want none", m.Progress.Since)
			case tt.progress != "" && (m.Progress == nil || m.Progress.Since != tt.progress):
				t.Errorf("progress %+v, want since %s", m.Progress, tt.progress)
			}
			for _, c := range m.Coverage {
				if _, ok := assessment.LookupCriterion(c.ID); !ok {
					t.Errorf("coverage lists unknown criterion %s", c.ID)
				}
			}
		})
	}
}

// TestBuildScope checks that questions and criteria out of scope stay out.
func TestBuildScope(t *testing.T) {
	b := testBank(t)
	m := Build(b, empty(b), clock) // Security only
	for _, c := range m.Coverage {
		if !strings.HasPrefix(c.ID, "CC") {
			t.Errorf("criterion %s listed for a Security-only scope", c.ID)
		}
	}
	if len(m.Coverage) != 33 {
		t.Errorf("%d criteria, want the 33 Common Criteria", len(m.Coverage))
	}
	for _, a := range m.Areas {
		switch a.Name {
		case "Availability & recovery", "Confidentiality", "Privacy", "Processing integrity":
			t.Errorf("area %s shown for a Security-only scope", a.Name)
		}
	}
	// a question whose profile condition is false is listed with the reason
	m = Build(b, realistic(b), clock)
	var found bool
	for _, a := range m.Areas {
		for _, o := range a.NotApplicable {
			if strings.Contains(o.Reason, "no physical office") {
				found = true
			}
		}
	}
	if !found {
		t.Error("the question that needs an office is not listed as not applicable")
	}
}

func TestPriorities(t *testing.T) {
	tests := []struct {
		in   []int
		want string
	}{
		{nil, ""},
		{[]int{4}, "#4"},
		{[]int{1, 2}, "#1, #2"},
		{[]int{3, 1, 2, 9, 11, 12, 13}, "#1–3, #9, #11–13"},
	}
	for _, tt := range tests {
		acts := make([]assessment.Action, len(tt.in))
		for i, n := range tt.in {
			acts[i].Priority = n
		}
		if got := priorities(acts); got != tt.want {
			t.Errorf("priorities(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParsePaper(t *testing.T) {
	tests := []struct {
		in      string
		want    Paper
		wantErr bool
	}{
		{"", A4, false},
		{"a4", A4, false},
		{"A4", A4, false},
		{"letter", Letter, false},
		{" Letter ", Letter, false},
		{"legal", "", true},
	}
	for _, tt := range tests {
		got, err := ParsePaper(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParsePaper(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestModelIsPlain(t *testing.T) {
	// the model holds no gofpdf types: everything marshals and round-trips
	b := testBank(t)
	m := Build(b, realistic(b), clock)
	var back Model
	if err := json.Unmarshal(modelJSON(t, m), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, m) {
		t.Error("the model does not survive a JSON round trip")
	}
}
