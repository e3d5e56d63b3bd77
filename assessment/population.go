package assessment

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
)

// PopulationKind names a list of occurrences an auditor samples from: the
// leavers of the period, the changes deployed, the vendors, the people.
type PopulationKind string

// The populations a per-event or per-person control is sampled from.
const (
	Joiners   PopulationKind = "joiners"   // people who joined in the period
	Leavers   PopulationKind = "leavers"   // people who left in the period
	Changes   PopulationKind = "changes"   // changes deployed to production
	Vendors   PopulationKind = "vendors"   // vendors and service providers
	Incidents PopulationKind = "incidents" // security incidents
	Headcount PopulationKind = "headcount" // people: staff and contractors
)

// PopulationKinds lists the kinds in the order the scope screen asks them.
var PopulationKinds = []PopulationKind{Headcount, Joiners, Leavers, Changes, Vendors, Incidents}

// Noun is the plural noun of one occurrence of the population, for sentences.
func (k PopulationKind) Noun() string {
	if k == Headcount {
		return "people"
	}
	return string(k)
}

// Singular is the noun of one occurrence ("leaver", "person").
func (k PopulationKind) Singular() string {
	if k == Headcount {
		return "person"
	}
	return strings.TrimSuffix(string(k), "s")
}

// RateWords is Rate as it follows a number: " a year", " a month", or "".
func (k PopulationKind) RateWords() string {
	switch k.Rate() {
	case "per year":
		return " a year"
	case "per month":
		return " a month"
	}
	return ""
}

// Rate says how the company gives a population: "per year", "per month", or
// "" for a count at a point in time (headcount, vendors).
func (k PopulationKind) Rate() string {
	switch k {
	case Joiners, Leavers, Incidents:
		return "per year"
	case Changes:
		return "per month"
	}
	return ""
}

// Count is an optional whole number: the zero value means "not given", which
// is not the same as a given 0 (no leavers is a fact; an unknown is not).
type Count struct {
	N     int
	Known bool
}

// CountOf returns a known count.
func CountOf(n int) Count { return Count{N: n, Known: true} }

// IsZero reports an unknown count, so `omitzero` leaves it out of files.
func (c Count) IsZero() bool { return !c.Known }

// MarshalJSON writes the number.
func (c Count) MarshalJSON() ([]byte, error) { return json.Marshal(c.N) }

// UnmarshalJSON reads a whole number ≥ 0; null is "not given".
func (c *Count) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*c = Count{}
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("must be a whole number")
	}
	if f != math.Trunc(f) || f < 0 || f > MaxCount {
		return fmt.Errorf("%v is not a whole number from 0 to %d", f, MaxCount)
	}
	*c = CountOf(int(f))
	return nil
}

// MaxCount bounds every count a user gives: no small company has more than a
// million leavers, changes a month or vendors, and the bound keeps the
// arithmetic far from overflow.
const MaxCount = 1_000_000

// Population is what the company says about its populations. Every field is
// optional; Sizes fills the gaps from the headcount.
type Population struct {
	Headcount Count `json:"headcount,omitzero"`
	Joiners   Count `json:"joiners,omitzero"`   // per year
	Leavers   Count `json:"leavers,omitzero"`   // per year
	Changes   Count `json:"changes,omitzero"`   // per month
	Vendors   Count `json:"vendors,omitzero"`   // at a point in time
	Incidents Count `json:"incidents,omitzero"` // per year
}

// Get returns the count given for a kind.
func (p Population) Get(k PopulationKind) Count {
	switch k {
	case Headcount:
		return p.Headcount
	case Joiners:
		return p.Joiners
	case Leavers:
		return p.Leavers
	case Changes:
		return p.Changes
	case Vendors:
		return p.Vendors
	case Incidents:
		return p.Incidents
	}
	return Count{}
}

// Set changes the count of a kind.
func (p *Population) Set(k PopulationKind, c Count) {
	switch k {
	case Headcount:
		p.Headcount = c
	case Joiners:
		p.Joiners = c
	case Leavers:
		p.Leavers = c
	case Changes:
		p.Changes = c
	case Vendors:
		p.Vendors = c
	case Incidents:
		p.Incidents = c
	}
}

// IsZero reports that nothing was given.
func (p Population) IsZero() bool { return p == Population{} }

// Rate is the yearly (or monthly, or standing) size of a population: the given
// count, or the default derived from the headcount. assumed says the figure
// is a default, so a reason can say so.
func (p Profile) Rate(k PopulationKind) (rate float64, assumed bool) {
	if c := p.Population.Get(k); c.Known {
		return float64(c.N), false
	}
	head, headAssumed := float64(DefaultHeadcount), true
	if c := p.Population.Headcount; c.Known {
		head, headAssumed = float64(c.N), false
	}
	if !p.Holds("employees") && k != Headcount && k != Vendors && k != Changes && k != Incidents {
		return 0, true // founders only: nobody joins or leaves
	}
	switch k {
	case Headcount:
		return head, headAssumed
	case Joiners:
		return math.Round(head * defaultJoinersShare), true
	case Leavers:
		return math.Round(head * defaultLeaversShare), true
	case Changes:
		if !p.Holds("develops_software") {
			return defaultChangesNoSoftware, true
		}
		return math.Max(defaultChangesMin, math.Round(head*defaultChangesPerPerson)), true
	case Vendors:
		return math.Round(defaultVendorsBase + head*defaultVendorsPerPerson), true
	case Incidents:
		return defaultIncidentsPerYear, true
	}
	return 0, true
}

// InPeriod is the number of occurrences of a population an auditor would find
// in the period: flows (joiners, leavers, changes, incidents) scaled to the
// period's months, rounded up so that any flow at all gives something to test;
// stocks (people, vendors) as they are. A Type I report is as of one date:
// the flow of one year shows whether there is anything to look at.
func (p Profile) InPeriod(k PopulationKind, s Scope) (n int, assumed bool) {
	rate, assumed := p.Rate(k)
	months := 12
	if s.ReportType == Type2 {
		months = s.Months()
	}
	switch k.Rate() {
	case "per year":
		rate = rate * float64(months) / 12
	case "per month":
		rate = rate * float64(months)
	}
	return int(math.Ceil(rate - 1e-9)), assumed
}

// Clone returns a profile that shares nothing with p.
func (p Profile) Clone() Profile {
	c := Profile{Population: p.Population}
	if p.Conditions != nil {
		c.Conditions = make(map[string]bool, len(p.Conditions))
		for k, v := range p.Conditions {
			c.Conditions[k] = v
		}
	}
	return c
}

// Set records a profile condition.
func (p *Profile) Set(key string, v bool) {
	if p.Conditions == nil {
		p.Conditions = map[string]bool{}
	}
	p.Conditions[key] = v
}

// IsZero reports an empty profile.
func (p Profile) IsZero() bool { return len(p.Conditions) == 0 && p.Population.IsZero() }

// MarshalJSON writes the conditions as keys of one object, as files always
// had them, with "population" beside them when any was given.
func (p Profile) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(p.Conditions)+1)
	for k, v := range p.Conditions {
		m[k] = v
	}
	if !p.Population.IsZero() {
		m["population"] = p.Population
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads the object written by MarshalJSON: each key a condition
// with a true/false value, and "population" an object of counts. Errors name
// the key, as in "population.leavers: -1 is not a whole number …".
func (p *Profile) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("must be an object of conditions")
	}
	out := Profile{}
	for _, k := range sortedKeys(raw) {
		v := raw[k]
		if k == "population" {
			pop, err := parsePopulation(v)
			switch {
			case errors.Is(err, errPopulationShape):
				return fmt.Errorf("population: %w", err)
			case err != nil:
				return fmt.Errorf("population.%w", err)
			}
			out.Population = pop
			continue
		}
		var on bool
		if err := json.Unmarshal(v, &on); err != nil {
			return fmt.Errorf("%s: must be true or false", k)
		}
		out.Set(k, on)
	}
	*p = out
	return nil
}

func parsePopulation(b json.RawMessage) (Population, error) {
	var raw map[string]json.RawMessage
	var pop Population
	if err := json.Unmarshal(b, &raw); err != nil {
		return pop, errPopulationShape
	}
	for _, k := range sortedKeys(raw) {
		kind := PopulationKind(k)
		if !knownPopulations[kind] {
			return pop, fmt.Errorf("%s: unknown population (want one of headcount, joiners, leavers, changes, vendors, incidents)", k)
		}
		c, err := parseCount(raw[k])
		if err != nil {
			return pop, fmt.Errorf("%s: %w", k, err)
		}
		pop.Set(kind, c)
	}
	return pop, nil
}

// parseCount reads an optional count from a file; absent or null is unknown.
func parseCount(b json.RawMessage) (Count, error) {
	var c Count
	if len(b) == 0 {
		return c, nil
	}
	err := c.UnmarshalJSON(b)
	return c, err
}

var (
	knownPopulations   = set(PopulationKinds...)
	errPopulationShape = errors.New("must be an object of counts, as in {\"headcount\": 25}")
)
