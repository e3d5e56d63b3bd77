package assessment

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Merging. Several people answer different areas of one company's
// assessment on their own laptops and export their files; Merge combines the
// files into one assessment:
//
//   - Answers: per question the most recently changed answer wins
//     (Answer.Changed; an answer without a time counts as the oldest). Every
//     other file's different answer to that question is a Conflict, so the
//     user can see it and choose it instead. Without a common ancestor Merge
//     cannot tell an answer someone changed from one they left as it was,
//     so every difference is listed.
//   - ID, company, prepared by, profile and scope: from the most recently
//     updated file (Updated). Another file's different scope is a Conflict.
//   - Plan edits: per question, the edit of the most recently updated file
//     that has one.
//   - Responses: by ID, the most recently updated (Response.Updated).
//   - History: every snapshot of every file, once, oldest first.
//   - Created is the earliest, Updated the latest; Bank is b.
//
// Ties (the same time, different content) go to the greater content, so
// the result does not depend on the order of the files, and merging a file
// with itself changes nothing. Two ties are left to the order of the files:
// which of several files holding the kept version a conflict names, and the
// order of the responses of files updated at the same instant with the same
// company details.

// ConflictKind says what a merge conflict is about.
type ConflictKind string

// Conflict kinds.
const (
	AnswerConflict ConflictKind = "answer" // two files answer a question differently
	ScopeConflict  ConflictKind = "scope"  // two files describe different audits
)

// Version is one file's side of a conflict.
type Version struct {
	File    int       // the file, as an index into Merge's arguments
	Answer  Answer    // an answer conflict: the file's answer
	Scope   Scope     // a scope conflict: the file's scope
	Changed time.Time // Answer.Changed, or for a scope the file's Updated
}

// Conflict is a difference Merge settled by keeping one of two versions: two
// files answer one question differently, or have different scopes. The
// other version is not in the result; the conflict is how the user gets it
// back.
type Conflict struct {
	Kind     ConflictKind
	Question string     // an answer conflict's question ID
	Versions [2]Version // in the order of Merge's arguments
	Kept     int        // the file whose version the result has
	Differs  []string   // an answer conflict's differing fields, named as in the file ("status", "notes", …)
}

// MergeError is why Merge refused to combine two of its files.
type MergeError struct {
	A, B   int    // the two files, as indexes into Merge's arguments
	Reason string // what differs, naming both values
}

func (e *MergeError) Error() string {
	return fmt.Sprintf("files %d and %d cannot be merged: %s", e.A+1, e.B+1, e.Reason)
}

// CheckMergeBanks returns a *MergeError when two refs name different banks.
// Only IDs count: question IDs are stable across versions of one bank. An
// empty ref names no bank and fits any.
func CheckMergeBanks(refs []BankRef) error {
	first := -1
	for i, r := range refs {
		switch {
		case r.ID == "":
		case first < 0:
			first = i
		case r.ID != refs[first].ID:
			return &MergeError{first, i, fmt.Sprintf("they were made with different question banks (%q and %q)", refs[first].ID, r.ID)}
		}
	}
	return nil
}

// Merge combines files of one company made with bank b (see above) into a
// new assessment, and lists the conflicts it settled: scope conflicts first,
// then answer conflicts in bank order. The files are not modified. It
// refuses, with a *MergeError, files of different companies (names equal
// but for case and spaces are the same company) or different banks, and
// with a *BankMismatchError files made with a bank other than b, and
// (ErrLimit) files that together hold more responses or snapshots than an
// assessment may.
func Merge(b *Bank, files ...*Assessment) (*Assessment, []Conflict, error) {
	if b == nil {
		return nil, nil, errors.New("no question bank to merge with")
	}
	if len(files) == 0 {
		return nil, nil, errors.New("no files to merge")
	}
	refs := make([]BankRef, len(files))
	for i, f := range files {
		refs[i] = f.Bank
	}
	if err := CheckMergeBanks(refs); err != nil {
		return nil, nil, err
	}
	for i, f := range files {
		if err := f.CheckBank(b); err != nil {
			return nil, nil, fmt.Errorf("file %d: %w", i+1, err)
		}
		if !SameCompany(f.Company, files[0].Company) {
			return nil, nil, &MergeError{0, i, fmt.Sprintf("they are about different companies (%q and %q)",
				strings.TrimSpace(files[0].Company), strings.TrimSpace(f.Company))}
		}
	}

	order := byRecency(files)
	top := files[order[0]]
	out := &Assessment{
		ID: top.ID, Company: top.Company, PreparedBy: top.PreparedBy, Profile: top.Profile.Clone(),
		Scope: top.Scope, Bank: b.Ref(),
	}
	out.Scope.Categories = slices.Clone(top.Scope.Categories)
	for _, f := range files {
		if !f.Created.IsZero() && (out.Created.IsZero() || f.Created.Before(out.Created)) {
			out.Created = f.Created
		}
		if f.Updated.After(out.Updated) {
			out.Updated = f.Updated
		}
	}

	var conflicts []Conflict
	for i, f := range files {
		if i != order[0] && !sameScope(f.Scope, top.Scope) {
			conflicts = append(conflicts, newConflict(ScopeConflict, "", order[0],
				Version{File: i, Scope: f.Scope, Changed: f.Updated},
				Version{File: order[0], Scope: top.Scope, Changed: top.Updated}))
		}
	}
	out.Answers = mergeMaps(b, files, func(f *Assessment) map[string]Answer { return f.Answers },
		func(_ *Assessment, a Answer) time.Time { return a.Changed }, compareAnswers,
		func(id string, cs []candidate[Answer], win candidate[Answer]) {
			for _, c := range cs {
				if d := answerDiff(c.v, win.v); len(d) > 0 {
					k := newConflict(AnswerConflict, id, win.file,
						Version{File: c.file, Answer: c.v, Changed: c.v.Changed},
						Version{File: win.file, Answer: win.v, Changed: win.v.Changed})
					k.Differs = d
					conflicts = append(conflicts, k)
				}
			}
		})
	if plan := mergeMaps(b, files, func(f *Assessment) map[string]PlanEdit { return f.Plan },
		func(f *Assessment, _ PlanEdit) time.Time { return f.Updated }, compareValues[PlanEdit], nil); len(plan) > 0 {
		out.Plan = plan
	}
	// evidence records: per question, the most recently changed record
	if ev := mergeMaps(b, files, func(f *Assessment) map[string]EvidenceRecord { return f.Evidence },
		func(_ *Assessment, e EvidenceRecord) time.Time { return e.Changed }, compareValues[EvidenceRecord], nil); len(ev) > 0 {
		out.Evidence = ev
	}
	out.Responses = mergeResponses(files, order)
	out.History = mergeHistory(files)
	// each file is within the limits; together they may not be, and a
	// merged file that could not be imported is no use
	if err := CheckCount("merged responses", len(out.Responses), MaxResponses, "responses"); err != nil {
		return nil, nil, err
	}
	if err := CheckCount("merged history", len(out.History), MaxSnapshots, "snapshots"); err != nil {
		return nil, nil, err
	}
	return out, conflicts, nil
}

// candidate is one file's value for a key.
type candidate[T any] struct {
	file int
	at   time.Time
	v    T
}

// newest returns the newest candidate: the latest time, then the greatest
// value by cmp, so that the choice does not depend on the order of files.
func newest[T any](cs []candidate[T], cmp func(x, y T) int) candidate[T] {
	win := cs[0]
	for _, c := range cs[1:] {
		if c.at.After(win.at) || c.at.Equal(win.at) && cmp(c.v, win.v) > 0 {
			win = c
		}
	}
	return win
}

// mergeMaps merges one map of every file (answers, plan edits): per key the
// newest value, at giving its time. seen, when not nil, is called for each
// key in bank order with every file's value and the winner.
func mergeMaps[T any](b *Bank, files []*Assessment, get func(*Assessment) map[string]T, at func(*Assessment, T) time.Time,
	cmp func(x, y T) int, seen func(id string, cs []candidate[T], win candidate[T])) map[string]T {
	keys := map[string]bool{}
	for _, f := range files {
		for k := range get(f) {
			keys[k] = true
		}
	}
	out := make(map[string]T, len(keys))
	var cs []candidate[T]
	for _, id := range b.sortIDs(sortedKeys(keys)) {
		cs = cs[:0]
		for i, f := range files {
			if v, ok := get(f)[id]; ok {
				cs = append(cs, candidate[T]{i, at(f, v), v})
			}
		}
		win := newest(cs, cmp)
		out[id] = win.v
		if seen != nil {
			seen(id, cs, win)
		}
	}
	return out
}

// mergeResponses keeps per response ID the most recently updated one, in the
// order they appear in the files from the most recently updated file on.
// Responses without an ID are kept unless identical.
func mergeResponses(files []*Assessment, order []int) []Response {
	var out []candidate[Response]
	at := map[string]int{}
	for _, i := range order {
		for _, r := range files[i].Responses {
			key := r.ID
			if key == "" {
				key = "\x00" + contentKey(r)
			}
			c := candidate[Response]{i, r.Updated, r}
			if j, ok := at[key]; ok {
				out[j] = newest([]candidate[Response]{out[j], c}, compareValues[Response])
				continue
			}
			at[key] = len(out)
			out = append(out, c)
		}
	}
	return values(out)
}

// mergeHistory keeps every distinct snapshot once, oldest first.
func mergeHistory(files []*Assessment) []Snapshot {
	var all []Snapshot
	for _, f := range files {
		all = append(all, f.History...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Taken.Before(all[j].Taken) })
	var out []Snapshot
	for start := 0; start < len(all); {
		end := start + 1
		for end < len(all) && all[end].Taken.Equal(all[start].Taken) {
			end++
		}
		out = append(out, distinct(all[start:end])...)
		start = end
	}
	return out
}

// distinct returns the different snapshots of a run taken at one instant
// (the same snapshot in several files, as a rule), ordered by content so
// that the order of the files does not matter.
func distinct(run []Snapshot) []Snapshot {
	if len(run) == 1 {
		return run
	}
	var out []Snapshot
	for _, s := range run {
		if !slices.ContainsFunc(out, func(o Snapshot) bool { return reflect.DeepEqual(o, s) }) {
			out = append(out, s)
		}
	}
	if len(out) > 1 {
		slices.SortFunc(out, compareValues[Snapshot])
	}
	return out
}

func values[T any](cs []candidate[T]) []T {
	if len(cs) == 0 {
		return nil
	}
	out := make([]T, len(cs))
	for i, c := range cs {
		out[i] = c.v
	}
	return out
}

// byRecency returns the files' indexes, most recently updated first; ties go
// to the greater company details, then to the earlier argument.
func byRecency(files []*Assessment) []int {
	order := make([]int, len(files))
	keys := make([]string, len(files))
	for i, f := range files {
		order[i] = i
		keys[i] = contentKey([]any{f.Company, f.PreparedBy, f.Profile, f.Scope, f.ID})
	}
	sort.SliceStable(order, func(x, y int) bool {
		i, j := order[x], order[y]
		if !files[i].Updated.Equal(files[j].Updated) {
			return files[i].Updated.After(files[j].Updated)
		}
		return keys[i] > keys[j]
	})
	return order
}

func newConflict(kind ConflictKind, question string, kept int, x, y Version) Conflict {
	if x.File > y.File {
		x, y = y, x
	}
	return Conflict{Kind: kind, Question: question, Versions: [2]Version{x, y}, Kept: kept}
}

// sameScope reports whether two scopes describe the same audit.
func sameScope(x, y Scope) bool {
	if x.ReportType != y.ReportType || !x.Start().Equal(y.Start().Time) || !x.End().Equal(y.End().Time) ||
		x.ReportType == Type2 && x.Months() != y.Months() {
		return false
	}
	for _, c := range Categories {
		if x.InScope(c) != y.InScope(c) {
			return false
		}
	}
	return true
}

// answerFields names an answer's fields, as in the file, in the order of
// fieldValues.
var answerFields = [...]string{"status", "evidence", "consistency", "na_reason", "owner", "due", "notes", "flag"}

func (a Answer) fieldValues() [len(answerFields)]string {
	return [...]string{string(a.Status), string(a.Evidence), string(a.Consistency), a.NAReason, a.Owner,
		a.Due.String(), a.Notes, strconv.FormatBool(a.Flag)}
}

// answerDiff names the fields in which two answers differ, when they changed
// aside.
func answerDiff(x, y Answer) []string {
	xs, ys := x.fieldValues(), y.fieldValues()
	var out []string
	for i := range xs {
		if xs[i] != ys[i] {
			out = append(out, answerFields[i])
		}
	}
	return out
}

// compareAnswers orders answers by their values, when they changed aside.
func compareAnswers(x, y Answer) int {
	xs, ys := x.fieldValues(), y.fieldValues()
	return slices.Compare(xs[:], ys[:])
}

// contentKey is a value's content as text, for telling values apart and
// ordering ties.
func contentKey(v any) string { return fmt.Sprintf("%#v", v) }

func compareValues[T any](x, y T) int { return strings.Compare(contentKey(x), contentKey(y)) }
