package storage

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"soc2ready/assessment"
)

// Summary is one row of the list of assessments.
type Summary struct {
	ID         string
	Company    string
	ReportType assessment.ReportType
	Updated    time.Time
	Answered   int // answered questions (applicable ones, when Scored)
	Applicable int // questions that count for this scope; 0 when not Scored
	Readiness  float64
	// Scored says Applicable and Readiness come from assessment.Score with
	// the store's bank. They do not when the store was opened without a bank,
	// or the assessment was made with a different bank (another bank ID).
	Scored bool
	// BankID is the question bank the assessment was made with ("" when it
	// does not say, which means the built-in one).
	BankID string
	// Deleted is when the assessment went to the trash; zero in List.
	Deleted time.Time
}

// The summary cache.
//
// Scoring needs every answer, so doing it on each SaveAnswer would make a
// save cost grow with the assessment. Instead every write rewrites the
// assessment's summaryRecord — constant size — copying the header fields
// and, when the change can move the score (an answer, the scope, the
// profile), marking it Stale. List rescores only stale records (and those
// scored with another bank version), with assessment.Score and the store's
// bank, and writes them back, so that a later List reads 500 small records
// and scores nothing. Without a bank List counts answers instead.
//
// Rev increases with every write, so that a record's bytes change with every
// write and List only writes back a refreshed record that no save changed in
// the meantime.
type summaryRecord struct {
	Company    string                `json:"company"`
	ReportType assessment.ReportType `json:"report_type"`
	Updated    time.Time             `json:"updated"`
	BankID     string                `json:"bank_id,omitempty"` // the assessment's bank
	Answered   int                   `json:"answered"`
	Applicable int                   `json:"applicable"`
	Readiness  float64               `json:"readiness"`
	ScoredWith assessment.BankRef    `json:"scored_with,omitzero"` // zero: counted without a bank
	Stale      bool                  `json:"stale,omitempty"`
	Rev        uint64                `json:"rev"`
}

// scorable reports whether b may score an assessment made with bank bankID:
// question IDs are stable within a bank ID, across its versions.
func scorable(b *assessment.Bank, bankID string) bool {
	return b != nil && (bankID == "" || bankID == b.ID)
}

// fresh reports whether the record can be shown as it is.
func (r summaryRecord) fresh(b *assessment.Bank) bool {
	if r.Stale {
		return false
	}
	if !scorable(b, r.BankID) {
		return true
	}
	return r.ScoredWith == b.Ref()
}

func (r summaryRecord) summary(id string) Summary {
	return Summary{
		ID: id, Company: r.Company, ReportType: r.ReportType, Updated: r.Updated,
		Answered: r.Answered, Applicable: r.Applicable, Readiness: r.Readiness,
		Scored: r.ScoredWith != (assessment.BankRef{}), BankID: r.BankID,
	}
}

// computeSummary scores a (header and answers) with the store's bank, or
// counts its answers when the bank cannot score it.
func (s *Store) computeSummary(a *assessment.Assessment) summaryRecord {
	rec := summaryRecord{
		Company: a.Company, ReportType: a.Scope.ReportType, Updated: a.Updated, BankID: a.Bank.ID,
	}
	if scorable(s.bank, a.Bank.ID) {
		f := assessment.Score(s.bank, a)
		rec.Answered, rec.Applicable, rec.Readiness = f.Answered, f.Applicable, f.Readiness
		rec.ScoredWith = s.bank.Ref()
		return rec
	}
	for _, ans := range a.Answers {
		if ans.Answered() {
			rec.Answered++
		}
	}
	return rec
}

// List returns every assessment not in the trash, most recently updated
// first. It scores only assessments changed since the last List (see the
// summary cache above) and stores those scores, unless read-only; a failure
// to store them does not fail the List, as they are only a cache.
func (s *Store) List() ([]Summary, error) {
	type refresh struct {
		rec  summaryRecord
		prev []byte // the record as read: written back only if still the same
	}
	var out []Summary
	var refreshed map[string]refresh
	err := s.view(func(tx *bbolt.Tx) error {
		as, sums := tx.Bucket(bucketAssessments), tx.Bucket(bucketSummaries)
		return as.ForEachBucket(func(k []byte) error {
			var rec summaryRecord
			data := sums.Get(k)
			if data == nil || json.Unmarshal(data, &rec) != nil || !rec.fresh(s.bank) {
				a, err := readAssessment(as.Bucket(k), string(k), false)
				if err != nil {
					return err
				}
				rev := rec.Rev
				rec = s.computeSummary(a)
				rec.Rev = rev + 1
				if refreshed == nil {
					refreshed = map[string]refresh{}
				}
				refreshed[string(k)] = refresh{rec, clone(data)}
			}
			sum := rec.summary(string(k))
			// A score cached while another bank was loaded is not this bank's.
			sum.Scored = sum.Scored && s.bank != nil && rec.ScoredWith.ID == s.bank.ID
			out = append(out, sum)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
	}
	sortSummaries(out, func(s Summary) time.Time { return s.Updated })
	if len(refreshed) > 0 && !s.readOnly {
		_ = s.update(func(tx *bbolt.Tx) error {
			as, sums := tx.Bucket(bucketAssessments), tx.Bucket(bucketSummaries)
			for id, r := range refreshed {
				key := []byte(id)
				if as.Bucket(key) == nil || !bytes.Equal(sums.Get(key), r.prev) {
					continue // deleted or changed meanwhile: the next List rescores it
				}
				if err := putJSON(sums, key, r.rec); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return out, nil
}

// Trash returns the deleted assessments, most recently deleted first.
func (s *Store) Trash() ([]Summary, error) {
	var out []Summary
	err := s.view(func(tx *bbolt.Tx) error {
		trash := tx.Bucket(bucketTrash)
		return trash.ForEachBucket(func(k []byte) error {
			tb := trash.Bucket(k)
			var rec summaryRecord
			if json.Unmarshal(tb.Get(keySummary), &rec) != nil {
				h, err := readHeader(tb)
				if err != nil {
					return fmt.Errorf("assessment %s in the trash: %w", k, err)
				}
				rec = summaryRecord{Company: h.Company, ReportType: h.Scope.ReportType, Updated: h.Updated}
			}
			sum := rec.summary(string(k))
			if err := getJSON(tb, keyDeleted, &sum.Deleted); err != nil {
				return fmt.Errorf("assessment %s in the trash: %w", k, err)
			}
			out = append(out, sum)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list trash: %w", err)
	}
	sortSummaries(out, func(s Summary) time.Time { return s.Deleted })
	return out, nil
}

// sortSummaries sorts newest first by the given time, then by company and ID
// so that the order is stable.
func sortSummaries(list []Summary, key func(Summary) time.Time) {
	slices.SortFunc(list, func(a, b Summary) int {
		if c := key(b).Compare(key(a)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Company, b.Company); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
