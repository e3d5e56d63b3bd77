package storage

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"soc2ready/assessment"
)

// Imported population lists and the mock audit live in their own buckets
// (schema 3): a list of 100,000 changes is written once, never with every
// answer, and one sample result is one small write.

const resultPrefix = "r:"

// SaveList stores (or replaces) an imported population list, in one
// transaction; the score is cached stale, since the population in the
// period may have changed.
func (s *Store) SaveList(id string, kind assessment.PopulationKind, l assessment.PopulationList) error {
	if err := validateList(kind, l); err != nil {
		return fmt.Errorf("save list: %w", err)
	}
	l.Items = slices.Clone(l.Items)
	assessment.SortItems(l.Items)
	err := s.change(id, true, func(ab *bbolt.Bucket, _ *header, _ time.Time) error {
		b, err := child(ab, bucketLists)
		if err != nil {
			return err
		}
		return putJSON(b, []byte(kind), l)
	})
	if err != nil {
		return fmt.Errorf("save list: %w", err)
	}
	return nil
}

// SaveMockSeed records the seed the mock audit's samples are drawn with.
func (s *Store) SaveMockSeed(id string, seed uint64) error {
	err := s.change(id, true, func(ab *bbolt.Bucket, _ *header, _ time.Time) error {
		b, err := child(ab, bucketMock)
		if err != nil {
			return err
		}
		return putJSON(b, keySeed, seed)
	})
	if err != nil {
		return fmt.Errorf("save seed: %w", err)
	}
	return nil
}

// SaveSampleResult records the test of one sampled item of a question's
// sample; a result with an empty Result clears it.
func (s *Store) SaveSampleResult(id, question, item string, r assessment.SampleResult) error {
	if err := validateQuestion(question); err != nil {
		return fmt.Errorf("save result: %w", err)
	}
	if r.Result != "" {
		if err := r.Check(); err != nil {
			return fmt.Errorf("save result: %w: %s %s: %w", ErrInvalidValue, question, item, err)
		}
	}
	err := s.change(id, true, func(ab *bbolt.Bucket, _ *header, now time.Time) error {
		b, err := child(ab, bucketMock)
		if err != nil {
			return err
		}
		key := []byte(resultPrefix + question)
		results := map[string]assessment.SampleResult{}
		if v := b.Get(key); v != nil {
			if err := json.Unmarshal(v, &results); err != nil {
				return fmt.Errorf("%w: mock results of %s: %v", ErrCorrupt, question, err)
			}
		}
		if r.Result == "" {
			delete(results, item)
		} else {
			r.Recorded = now
			results[item] = r
		}
		if len(results) == 0 {
			return b.Delete(key)
		}
		return putJSON(b, key, results)
	})
	if err != nil {
		return fmt.Errorf("save result: %w", err)
	}
	return nil
}

func validateList(kind assessment.PopulationKind, l assessment.PopulationList) error {
	known := false
	for _, k := range assessment.PopulationKinds {
		known = known || k == kind
	}
	if !known {
		return fmt.Errorf("%w: unknown population %q", ErrInvalidValue, kind)
	}
	if err := assessment.CheckCount("list", len(l.Items), assessment.MaxListRows, "items"); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidValue, err)
	}
	return nil
}

// putLists and putMock write an assessment's lists and mock audit into a
// new assessment bucket (see put).
func putLists(b *bbolt.Bucket, lists map[assessment.PopulationKind]assessment.PopulationList) error {
	for k, l := range lists {
		if err := putJSON(b, []byte(k), l); err != nil {
			return err
		}
	}
	return nil
}

func putMock(b *bbolt.Bucket, m assessment.MockAudit) error {
	if m.Seed != 0 {
		if err := putJSON(b, keySeed, m.Seed); err != nil {
			return err
		}
	}
	for q, results := range m.Results {
		if len(results) == 0 {
			continue
		}
		if err := putJSON(b, []byte(resultPrefix+q), results); err != nil {
			return err
		}
	}
	return nil
}

// readLists and readMock decode them back.
func readLists(ab *bbolt.Bucket) (map[assessment.PopulationKind]assessment.PopulationList, error) {
	m := map[string]assessment.PopulationList{}
	if err := readMap(ab, bucketLists, m); err != nil {
		return nil, err
	}
	if len(m) == 0 {
		return nil, nil
	}
	out := make(map[assessment.PopulationKind]assessment.PopulationList, len(m))
	for k, l := range m {
		assessment.SortItems(l.Items) // stored sorted: one pass to check
		out[assessment.PopulationKind(k)] = l
	}
	return out, nil
}

func readMock(ab *bbolt.Bucket) (assessment.MockAudit, error) {
	var m assessment.MockAudit
	b, err := child(ab, bucketMock)
	if err != nil {
		return m, err
	}
	err = b.ForEach(func(k, v []byte) error {
		switch key := string(k); {
		case key == string(keySeed):
			if err := json.Unmarshal(v, &m.Seed); err != nil {
				return fmt.Errorf("%w: mock seed: %v", ErrCorrupt, err)
			}
		case strings.HasPrefix(key, resultPrefix):
			var results map[string]assessment.SampleResult
			if err := json.Unmarshal(v, &results); err != nil {
				return fmt.Errorf("%w: mock results %s: %v", ErrCorrupt, key, err)
			}
			if m.Results == nil {
				m.Results = map[string]map[string]assessment.SampleResult{}
			}
			m.Results[strings.TrimPrefix(key, resultPrefix)] = results
		}
		return nil
	})
	return m, err
}
