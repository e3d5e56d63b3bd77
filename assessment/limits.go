package assessment

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Limits on what one assessment and one question bank may hold. They are the
// one place these numbers live: the interchange reader, the database, the
// app's entry fields, the spreadsheet import and the bank validator all
// check against them, and README lists them. Each is far above any real
// use; they exist so that a hostile or broken file is refused at the door
// with a message naming the field, instead of taking minutes and gigabytes
// further on (a report of a 1 MB company name, 100,000 responses).
//
// Lengths count characters (Unicode code points), not bytes.
const (
	// MaxNameLength bounds one-line names: company, prepared by, owners,
	// snapshot labels, bank area names and question titles.
	MaxNameLength = 500
	// MaxTextLength bounds free text: notes, not-applicable reasons, each
	// part of a response to an exception, and a bank question's prompt,
	// help, evidence, action and each step.
	MaxTextLength = 20000
	// MaxIDLength bounds identifiers: question, area, bank and response IDs,
	// bank versions.
	MaxIDLength = 100

	// MaxQuestions bounds the questions of a bank, and so the answers and
	// plan rows of an assessment (keyed by question) and the per-question
	// values of a snapshot.
	MaxQuestions = 5000
	// MaxAreas bounds the areas of a bank.
	MaxAreas = 200
	// MaxListItems bounds a question's criteria and remediation steps.
	MaxListItems = 100
	// MaxResponses bounds the responses to exceptions of one assessment.
	MaxResponses = 2000
	// MaxSnapshots bounds the history of one assessment.
	MaxSnapshots = 2000
)

// Dates outside MinYear..MaxYear are refused: the year 1 is how a missing
// date is stored (it would vanish on the next save), and no audit happens
// before 1900 or after 2999.
const (
	MinYear = 1900
	MaxYear = 2999
)

// ErrLimit is wrapped by every error that reports a value over a limit.
var ErrLimit = errors.New("over the limit")

// LimitError reports a text or a list over its limit, naming the field, as
// in "notes: 70000 characters, at most 20000".
type LimitError struct {
	Field string
	Got   int
	Max   int
	Unit  string // "characters", "responses", ...
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: %d %s, at most %d", e.Field, e.Got, e.Unit, e.Max)
}

// Unwrap makes errors.Is(err, ErrLimit) hold.
func (e *LimitError) Unwrap() error { return ErrLimit }

// CheckLength reports text longer than most characters, naming field.
func CheckLength(field, text string, most int) error {
	// a byte count at most most means at most that many characters
	if len(text) <= most {
		return nil
	}
	if n := utf8.RuneCountInString(text); n > most {
		return &LimitError{field, n, most, "characters"}
	}
	return nil
}

// CheckCount reports a list of n items over most, naming field and unit.
func CheckCount(field string, n, most int, unit string) error {
	if n > most {
		return &LimitError{field, n, most, unit}
	}
	return nil
}

// textField is one text value with the name and limit it is checked by.
type textField struct {
	name string
	text string
	most int
}

// checkLengths returns the first field over its limit.
func checkLengths(fields ...textField) error {
	for _, f := range fields {
		if err := CheckLength(f.name, f.text, f.most); err != nil {
			return err
		}
	}
	return nil
}

// ParseInputDate is ParseDate for a date typed or read from a file: it also
// refuses a year outside MinYear..MaxYear. The year 1 in particular is the
// zero date, which would silently read as no date at all.
func ParseInputDate(s string) (Date, error) {
	d, err := ParseDate(s)
	if err != nil || s == "" {
		return d, err
	}
	if err := CheckYear(d); err != nil {
		return Date{}, err
	}
	return d, nil
}

// CheckYear refuses a date outside the years MinYear..MaxYear.
func CheckYear(d Date) error {
	if y := d.Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("date %s is outside the years %d..%d", d.Format(DateLayout), MinYear, MaxYear)
	}
	return nil
}
