package assessment

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Bank versions and custom banks.
//
// An assessment records the bank it was made with (Assessment.Bank, ID and
// version). Within one bank ID question IDs are stable forever: a later
// version keeps every old ID, rewording it or marking it retired. So any
// version of the same bank ID can read an assessment: answers to retired
// questions are kept and carried through files, the database and merges, the
// forecast ignores them (Applies), and RetiredAnswers lists them so that the
// user is told instead of wondering why they do not count. A bank with
// another ID is another questionnaire: its IDs mean nothing here, and
// CheckBank refuses it.

// BankMismatchError says an assessment was made with another question bank
// (another ID) than the one given to read or score it.
type BankMismatchError struct {
	Made   BankRef // the bank the assessment was made with
	Loaded BankRef // the bank it was checked against
}

func (e *BankMismatchError) Error() string {
	return fmt.Sprintf("made with question bank %q, not %q: load that bank", e.Made.ID, e.Loaded.ID)
}

// BankVersionError says a file names a question that this version of its
// bank no longer has: it was made with another version, to be loaded instead.
type BankVersionError struct {
	Made   BankRef
	Loaded BankRef
}

func (e *BankVersionError) Error() string {
	return fmt.Sprintf("no such question in bank %s %s; the file was made with version %s: load that version of the bank to read it", e.Loaded.ID, e.Loaded.Version, e.Made.Version)
}

// IsBankChoice reports whether err is solved by loading another question
// bank (another bank, or another version of it), so that the CLI and the app
// can each say how.
func IsBankChoice(err error) bool {
	var m *BankMismatchError
	var v *BankVersionError
	return errors.As(err, &m) || errors.As(err, &v)
}

// CheckBank returns a *BankMismatchError when a was made with a bank other
// than b (by ID; versions of one bank may differ). An assessment that does
// not name its bank is taken to be made with b.
func (a *Assessment) CheckBank(b *Bank) error {
	if a.Bank.ID != "" && a.Bank.ID != b.ID {
		return &BankMismatchError{Made: a.Bank, Loaded: b.Ref()}
	}
	return nil
}

// RetiredAnswer is an answer the forecast does not count because its
// question is retired in the bank, or gone from it altogether (an assessment
// stored before a bank removed a question, which a bank should never do).
type RetiredAnswer struct {
	Question string // the question ID
	Title    string // the question's title; empty when Removed
	Removed  bool   // the bank has no such question; otherwise it is retired
}

// RetiredAnswers lists a's answers to questions b retired or no longer has:
// retired ones in bank order, then removed ones in ID order. Such answers
// stay in the assessment; this is how they are reported.
func RetiredAnswers(b *Bank, a *Assessment) []RetiredAnswer {
	var out []RetiredAnswer
	for _, id := range b.sortIDs(sortedKeys(a.Answers)) {
		if a.Answers[id].empty() {
			continue
		}
		q, ok := b.Question(id)
		switch {
		case !ok:
			out = append(out, RetiredAnswer{Question: id, Removed: true})
		case q.Retired:
			out = append(out, RetiredAnswer{Question: id, Title: q.Title})
		}
	}
	return out
}

// RetiredNotice says, in sentences, which of a's answers the forecast
// ignores because b retired their questions or does not have them at all, so
// that they are never dropped silently; "" when there are none. The CLI, the
// questionnaire and the results say it in these words.
func RetiredNotice(b *Bank, a *Assessment) string {
	var retired, removed []string
	for _, r := range RetiredAnswers(b, a) {
		if r.Removed {
			removed = append(removed, r.Question)
		} else {
			retired = append(retired, r.Question+" "+r.Title)
		}
	}
	var parts []string
	switch n := len(retired); {
	case n == 1:
		parts = append(parts, "1 answer is to a retired question and does not count: "+listSome(retired, 5)+".")
	case n > 1:
		parts = append(parts, fmt.Sprintf("%d answers are to retired questions and do not count: %s.", n, listSome(retired, 5)))
	}
	switch n := len(removed); {
	case n == 1:
		parts = append(parts, fmt.Sprintf("1 answer is to a question that bank %s %s does not have, and does not count: %s.", b.ID, b.Version, listSome(removed, 5)))
	case n > 1:
		parts = append(parts, fmt.Sprintf("%d answers are to questions that bank %s %s does not have, and do not count: %s.", n, b.ID, b.Version, listSome(removed, 5)))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " ") + " They are kept in the assessment."
}

// sortIDs sorts question IDs in bank order, IDs the bank lacks last in ID
// order, and returns ids.
func (b *Bank) sortIDs(ids []string) []string {
	pos := b.byID
	if pos == nil {
		pos = make(map[string]int, len(b.Questions))
		for i, q := range b.Questions {
			pos[q.ID] = i
		}
	}
	rank := func(id string) int {
		if i, ok := pos[id]; ok {
			return i
		}
		return len(b.Questions)
	}
	sort.SliceStable(ids, func(i, j int) bool {
		ri, rj := rank(ids[i]), rank(ids[j])
		if ri != rj {
			return ri < rj
		}
		return ids[i] < ids[j]
	})
	return ids
}
