package assessment

import (
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	b := testBank(t)
	snap := func(readiness float64, areas map[string]float64, probs map[string]float64) Snapshot {
		return Snapshot{Readiness: readiness, Applicable: len(probs) + 1, Areas: areas, Probabilities: probs}
	}
	tests := []struct {
		name                  string
		from, to              Snapshot
		areas                 []AreaChange
		appeared, disappeared []string
		detailed              bool
		text                  []string // each in Text()
	}{
		{
			name:        "progress",
			from:        snap(40, map[string]float64{"access": 30, "operations": 50}, map[string]float64{"AC-01": 0.9, "SO-01": 0.01}),
			to:          snap(60, map[string]float64{"access": 70, "operations": 40}, map[string]float64{"AC-01": 0.01, "SO-01": 0.6}),
			areas:       []AreaChange{{"access", "Access control", 30, 70, true, true}, {"operations", "System operations", 50, 40, true, true}},
			appeared:    []string{"SO-01"},
			disappeared: []string{"AC-01"},
			detailed:    true,
			text:        []string{"Readiness 40 to 60 (+20)", "Improved: Access control +40.", "Got worse: System operations -10.", "disappeared: AC-01 Multi-factor authentication.", "New likely exceptions: SO-01 Log review."},
		},
		{
			name:     "an area in one snapshot only",
			from:     snap(50, map[string]float64{"access": 50}, map[string]float64{"AC-01": 0.5}),
			to:       snap(50, map[string]float64{"access": 50, "availability": 80}, map[string]float64{"AC-01": 0.5, "AV-01": 0.01}),
			areas:    []AreaChange{{"access", "Access control", 50, 50, true, true}, {"availability", "Availability & recovery", 0, 80, false, true}},
			detailed: true,
			text:     []string{"Newly assessed: Availability & recovery 80."},
		},
		{
			name:     "a question the bank no longer has",
			from:     snap(50, nil, map[string]float64{"XX-01": 0.01}),
			to:       snap(50, nil, map[string]float64{"XX-01": 0.9}),
			appeared: []string{"XX-01"},
			detailed: true,
			text:     []string{"XX-01 (question no longer in the bank)"},
		},
		{
			name:     "nothing changed",
			from:     snap(50, map[string]float64{"access": 50}, map[string]float64{"AC-01": 0.5}),
			to:       snap(50, map[string]float64{"access": 50}, map[string]float64{"AC-01": 0.5}),
			areas:    []AreaChange{{"access", "Access control", 50, 50, true, true}},
			detailed: true,
			text:     []string{"Nothing else changed."},
		},
		{
			name:  "a snapshot without per-question detail",
			from:  Snapshot{Readiness: 30, Applicable: 9},
			to:    snap(50, nil, map[string]float64{"AC-01": 0.9}),
			areas: nil,
			text:  []string{"lacks per-question detail"},
		},
	}
	ids := func(qs []Question) []string {
		var out []string
		for _, q := range qs {
			out = append(out, q.ID)
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Compare(tt.from, tt.to, b)
			if !equalSlices(c.Areas, tt.areas) {
				t.Errorf("areas %+v, want %+v", c.Areas, tt.areas)
			}
			if got := ids(c.Appeared); !equalSlices(got, tt.appeared) {
				t.Errorf("appeared %v, want %v", got, tt.appeared)
			}
			if got := ids(c.Disappeared); !equalSlices(got, tt.disappeared) {
				t.Errorf("disappeared %v, want %v", got, tt.disappeared)
			}
			if c.Detailed != tt.detailed {
				t.Errorf("detailed %v, want %v", c.Detailed, tt.detailed)
			}
			text := c.Text()
			for _, w := range tt.text {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

// equalSlices treats nil and empty alike.
func equalSlices[T comparable](x, y []T) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}
