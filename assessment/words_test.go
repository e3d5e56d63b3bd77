package assessment

import "testing"

// Percent never turns an uncertain chance into a certain one, on both sides
// of each rounding edge, and rounds half up in between.
func TestPercent(t *testing.T) {
	tests := []struct {
		p    float64
		want string
	}{
		{-0.2, "0%"}, {0, "0%"},
		{0.0001, "<1%"}, {0.00499, "<1%"}, {0.005, "1%"}, {0.0149, "1%"}, {0.015, "2%"},
		{0.05, "5%"}, {0.125, "13%"}, {0.854, "85%"}, {0.5, "50%"},
		{0.9949, "99%"}, {0.995, ">99%"}, {0.9999, ">99%"},
		{1, "100%"}, {1.3, "100%"},
	}
	for _, tt := range tests {
		if got := Percent(tt.p); got != tt.want {
			t.Errorf("Percent(%v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

// Every frequency a bank may use has its own words; an unknown one has none.
func TestFrequencyWords(t *testing.T) {
	want := map[Frequency]string{
		Continuous: "automated", PerEvent: "per event", Daily: "daily", Weekly: "weekly",
		Monthly: "monthly", Quarterly: "quarterly", Annual: "annual", Once: "one-off",
	}
	for f := range knownFrequencies {
		if got := f.Words(); got != want[f] || got == "" {
			t.Errorf("%s.Words() = %q, want %q", f, got, want[f])
		}
	}
	if len(want) != len(knownFrequencies) {
		t.Errorf("%d frequencies have words, the bank format knows %d", len(want), len(knownFrequencies))
	}
	if got := Frequency("hourly").Words(); got != "" {
		t.Errorf("an unknown frequency reads %q, want nothing", got)
	}
}
