package assessment

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// AreaChange is one area's readiness in two snapshots. An area with nothing
// applicable in a snapshot (out of scope, or switched off by the profile)
// has no readiness there: InFrom or InTo is false and its value is 0.
type AreaChange struct {
	Area         string
	Name         string
	From, To     float64
	InFrom, InTo bool
}

// Comparison says what changed between two snapshots: readiness overall and
// per area, and which likely exceptions appeared or disappeared.
type Comparison struct {
	From, To    Snapshot
	Areas       []AreaChange // in bank order
	Appeared    []Question   // likely exceptions in To that From did not have
	Disappeared []Question   // likely exceptions in From that To no longer has
	// Detailed says both snapshots hold each question's probability, so that
	// Appeared and Disappeared are known. A snapshot without them (written by
	// hand, or by another tool) leaves both lists empty.
	Detailed bool
}

// Compare two snapshots: of one assessment at two times, or of two
// assessments made with the same bank.
func Compare(from, to Snapshot, b *Bank) Comparison {
	c := Comparison{From: from, To: to, Detailed: detailed(from) && detailed(to)}
	for _, ar := range b.Areas {
		f, okF := from.Areas[ar.ID]
		t, okT := to.Areas[ar.ID]
		if okF || okT {
			c.Areas = append(c.Areas, AreaChange{ar.ID, ar.Name, f, t, okF, okT})
		}
	}
	if !c.Detailed {
		return c
	}
	likely := func(s Snapshot, id string) bool { return s.Probabilities[id] >= MaterialProbability }
	ids := map[string]bool{}
	for id := range from.Probabilities {
		ids[id] = true
	}
	for id := range to.Probabilities {
		ids[id] = true
	}
	for _, id := range sortedKeys(ids) {
		q, ok := b.Question(id)
		if !ok {
			q = Question{ID: id, Title: "(question no longer in the bank)"}
		}
		switch {
		case likely(to, id) && !likely(from, id):
			c.Appeared = append(c.Appeared, q)
		case likely(from, id) && !likely(to, id):
			c.Disappeared = append(c.Disappeared, q)
		}
	}
	return c
}

// Text is the comparison in a few plain lines.
func (c Comparison) Text() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "Readiness %.0f to %.0f (%+.0f). Expected exceptions %.1f to %.1f. Answered %d to %d.\n",
		c.From.Readiness, c.To.Readiness, c.To.Readiness-c.From.Readiness, c.From.Expected, c.To.Expected, c.From.Answered, c.To.Answered)
	var better, worse, added, dropped []string
	for _, a := range c.Areas {
		d := a.To - a.From
		switch {
		case !a.InFrom:
			added = append(added, fmt.Sprintf("%s %.0f", a.Name, a.To))
		case !a.InTo:
			dropped = append(dropped, a.Name)
		case d >= 0.5: // rounded half away from zero, so a change shown is never "+0"
			better = append(better, fmt.Sprintf("%s %+.0f", a.Name, math.Round(d)))
		case d <= -0.5:
			worse = append(worse, fmt.Sprintf("%s %+.0f", a.Name, math.Round(d)))
		}
	}
	list := func(title string, xs []string) {
		if len(xs) > 0 {
			fmt.Fprintf(&sb, "\n%s: %s.\n", title, strings.Join(xs, ", "))
		}
	}
	list("Improved", better)
	list("Got worse", worse)
	list("Newly assessed", added)
	list("No longer assessed", dropped)
	names := func(qs []Question) []string {
		out := make([]string, len(qs))
		for i, q := range qs {
			out[i] = q.ID + " " + q.Title
		}
		sort.Strings(out)
		return out
	}
	list("Likely exceptions that disappeared", names(c.Disappeared))
	list("New likely exceptions", names(c.Appeared))
	if !c.Detailed {
		sb.WriteString("\nA snapshot lacks per-question detail, so which likely exceptions appeared or disappeared is not known.\n")
	} else if len(better)+len(worse)+len(added)+len(dropped)+len(c.Appeared)+len(c.Disappeared) == 0 {
		sb.WriteString("\nNothing else changed.\n")
	}
	return sb.String()
}

// detailed reports whether a snapshot holds its questions' probabilities
// (one with no applicable question has none to hold).
func detailed(s Snapshot) bool { return s.Applicable == 0 || len(s.Probabilities) > 0 }
