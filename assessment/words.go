package assessment

import (
	"fmt"
	"math"
)

// How the domain's numbers and values are written for people. The CLI, the
// app and the PDF all write them through these, so that one probability or
// one frequency never reads two ways.

// Percent writes a probability as a whole percentage, without rounding an
// uncertain outcome to a certain one: "<1%" for a chance that rounds to 0,
// ">99%" for one that rounds to 100. Values outside 0…1 are clamped.
func Percent(p float64) string {
	v := 100 * p
	switch {
	case v <= 0:
		return "0%"
	case v >= 100:
		return "100%"
	case v < 0.5:
		return "<1%"
	case v >= 99.5:
		return ">99%"
	}
	return fmt.Sprintf("%.0f%%", math.Round(v))
}

// frequencyWords are the words for each frequency, as a table column or
// after a question shows them.
var frequencyWords = map[Frequency]string{
	Continuous: "automated",
	PerEvent:   "per event",
	Daily:      "daily",
	Weekly:     "weekly",
	Monthly:    "monthly",
	Quarterly:  "quarterly",
	Annual:     "annual",
	Once:       "one-off",
}

// Words is how often the control runs, in lower-case words ("per event",
// "one-off"); "" for a frequency the bank format does not know.
func (f Frequency) Words() string { return frequencyWords[f] }
