package storage

import (
	"cmp"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"soc2ready/assessment"
)

// header is an assessment without its answers, plan, responses and history.
// The ID is the bucket's key, not stored in the value.
type header struct {
	Company    string             `json:"company"`
	PreparedBy string             `json:"prepared_by,omitempty"`
	Profile    assessment.Profile `json:"profile,omitzero"`
	Scope      assessment.Scope   `json:"scope"`
	Bank       assessment.BankRef `json:"bank"`
	Created    time.Time          `json:"created"`
	Updated    time.Time          `json:"updated"`
}

func headerOf(a *assessment.Assessment) header {
	h := header{
		Company: strings.TrimSpace(a.Company), PreparedBy: a.PreparedBy, Profile: a.Profile,
		Scope: a.Scope, Bank: a.Bank, Created: a.Created, Updated: a.Updated,
	}
	// Empty and absent read back the same, so that a round trip through a
	// file or the database compares equal.
	if len(h.Profile.Conditions) == 0 {
		h.Profile.Conditions = nil
	}
	if len(h.Scope.Categories) == 0 {
		h.Scope.Categories = nil
	}
	return h
}

func (h header) assessment(id string) *assessment.Assessment {
	return &assessment.Assessment{
		ID: id, Company: h.Company, PreparedBy: h.PreparedBy, Profile: h.Profile,
		Scope: h.Scope, Bank: h.Bank, Created: h.Created, Updated: h.Updated,
	}
}

// responseRecord keeps a response with its position, so that Get returns
// responses in the order they were first saved.
type responseRecord struct {
	Order uint64 `json:"order"`
	assessment.Response
}

// validateHeader refuses what an interchange file could not carry, so that
// every stored assessment can be exported and imported again.
func validateHeader(h header) error {
	if err := h.assessment("").CheckDetails(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidValue, err)
	}
	return nil
}

// validateQuestion checks a question ID that keys an answer or a plan row.
func validateQuestion(question string) error {
	if question == "" {
		return fmt.Errorf("%w: empty question ID", ErrInvalidValue)
	}
	if err := assessment.CheckLength("question", question, assessment.MaxIDLength); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidValue, err)
	}
	return nil
}

// validateAnswer checks the answer's values (assessment.Answer.Check).
func validateAnswer(question string, a assessment.Answer) error {
	if err := validateQuestion(question); err != nil {
		return err
	}
	if err := a.Check(); err != nil {
		return fmt.Errorf("%w: answer to %s: %w", ErrInvalidValue, question, err)
	}
	return nil
}

func validateEvidence(question string, e assessment.EvidenceRecord) error {
	if err := validateQuestion(question); err != nil {
		return err
	}
	if err := e.Check(); err != nil {
		return fmt.Errorf("%w: evidence for %s: %w", ErrInvalidValue, question, err)
	}
	return nil
}

func validatePlanEdit(question string, e assessment.PlanEdit) error {
	if err := validateQuestion(question); err != nil {
		return err
	}
	if err := e.Check(); err != nil {
		return fmt.Errorf("%w: plan for %s: %w", ErrInvalidValue, question, err)
	}
	return nil
}

func validateResponse(r assessment.Response) error {
	if r.Question == "" {
		return fmt.Errorf("%w: response names no question", ErrInvalidValue)
	}
	if err := r.Check(); err != nil {
		return fmt.Errorf("%w: response to %s: %w", ErrInvalidValue, r.Question, err)
	}
	return nil
}

// validateSnapshot checks the snapshot's values (assessment.Snapshot.Check).
func validateSnapshot(snap assessment.Snapshot) error {
	if err := snap.Check(); err != nil {
		return fmt.Errorf("%w: snapshot: %w", ErrInvalidValue, err)
	}
	return nil
}

// validateCount refuses one more entry in a bucket that holds its limit.
func validateCount(b *bbolt.Bucket, what string, most int) error {
	n := 0
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		n++
	}
	if err := assessment.CheckCount(what, n+1, most, what); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidValue, err)
	}
	return nil
}

// zeroAnswer reports whether an answer says nothing (its time aside): saving
// it clears the question.
func zeroAnswer(a assessment.Answer) bool {
	a.Changed = time.Time{}
	return a == assessment.Answer{}
}

// newID returns 12 random hex digits.
func newID() string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand, Go ≥ 1.24)
	return hex.EncodeToString(b[:])
}

// uniqueKey returns a new ID not used as a key in any of the buckets.
func uniqueKey(buckets ...*bbolt.Bucket) []byte {
	for {
		id := []byte(newID())
		free := true
		for _, b := range buckets {
			if b.Get(id) != nil || b.Bucket(id) != nil {
				free = false
			}
		}
		if free {
			return id
		}
	}
}

// validResponseID accepts the IDs this package makes and any other short,
// printable ID a file may carry.
func validResponseID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if r <= ' ' || r == 0x7f {
			return false
		}
	}
	return true
}

// historyKey orders snapshots by time, then by the order they were added:
// Unix seconds with the sign bit flipped (so that times before 1970 sort
// first), nanoseconds, then a sequence number, all big-endian.
func historyKey(t time.Time, seq uint64) []byte {
	k := make([]byte, 20)
	binary.BigEndian.PutUint64(k[0:], uint64(t.Unix())^(1<<63))
	binary.BigEndian.PutUint32(k[8:], uint32(t.Nanosecond()))
	binary.BigEndian.PutUint64(k[12:], seq)
	return k
}

// live returns an assessment's bucket, or ErrNotFound.
func live(tx *bbolt.Tx, id string) (*bbolt.Bucket, error) {
	if id != "" {
		if ab := tx.Bucket(bucketAssessments).Bucket([]byte(id)); ab != nil {
			return ab, nil
		}
	}
	return nil, fmt.Errorf("assessment %q: %w", id, ErrNotFound)
}

// child returns one of an assessment's nested buckets.
func child(ab *bbolt.Bucket, name []byte) (*bbolt.Bucket, error) {
	if b := ab.Bucket(name); b != nil {
		return b, nil
	}
	return nil, fmt.Errorf("%w: the %s bucket of an assessment is missing", ErrCorrupt, name)
}

func readHeader(ab *bbolt.Bucket) (header, error) {
	var h header
	err := getJSON(ab, keyHeader, &h)
	return h, err
}

// put writes a whole assessment under a new key in one transaction: header,
// answers, plan, responses (keeping valid unique IDs, giving others new ones)
// and history, then its summary.
func (s *Store) put(tx *bbolt.Tx, a *assessment.Assessment, h header) (string, error) {
	as, trash := tx.Bucket(bucketAssessments), tx.Bucket(bucketTrash)
	id := uniqueKey(as, trash)
	ab, err := as.CreateBucket(id)
	if err != nil {
		return "", err
	}
	if err := putJSON(ab, keyHeader, h); err != nil {
		return "", err
	}
	kids := map[string]*bbolt.Bucket{}
	for _, name := range childBuckets {
		b, err := ab.CreateBucket(name)
		if err != nil {
			return "", err
		}
		kids[string(name)] = b
	}
	for q, ans := range a.Answers {
		if zeroAnswer(ans) {
			continue
		}
		if err := putJSON(kids[string(bucketAnswers)], []byte(q), ans); err != nil {
			return "", err
		}
	}
	for q, e := range a.Plan {
		if e == (assessment.PlanEdit{}) {
			continue
		}
		if err := putJSON(kids[string(bucketPlan)], []byte(q), e); err != nil {
			return "", err
		}
	}
	for q, e := range a.Evidence {
		if e.IsZero() {
			continue
		}
		if err := putJSON(kids[string(bucketEvidence)], []byte(q), e); err != nil {
			return "", err
		}
	}
	if err := putLists(kids[string(bucketLists)], a.Lists); err != nil {
		return "", err
	}
	if err := putMock(kids[string(bucketMock)], a.Mock); err != nil {
		return "", err
	}
	rb := kids[string(bucketResponses)]
	for _, r := range a.Responses {
		if !validResponseID(r.ID) || rb.Get([]byte(r.ID)) != nil {
			r.ID = string(uniqueKey(rb))
		}
		seq, err := rb.NextSequence()
		if err != nil {
			return "", err
		}
		if err := putJSON(rb, []byte(r.ID), responseRecord{seq, r}); err != nil {
			return "", err
		}
	}
	hb := kids[string(bucketHistory)]
	for _, snap := range a.History {
		seq, err := hb.NextSequence()
		if err != nil {
			return "", err
		}
		if err := putJSON(hb, historyKey(snap.Taken, seq), snap); err != nil {
			return "", err
		}
	}
	full := h.assessment(string(id))
	full.Answers = a.Answers
	rec := s.computeSummary(full)
	return string(id), putJSON(tx.Bucket(bucketSummaries), id, rec)
}

// validate checks everything put will write.
func validate(a *assessment.Assessment, h header) error {
	if err := validateHeader(h); err != nil {
		return err
	}
	for q, ans := range a.Answers {
		if err := validateAnswer(q, ans); err != nil {
			return err
		}
	}
	for q, e := range a.Plan {
		if err := validatePlanEdit(q, e); err != nil {
			return err
		}
	}
	for q, e := range a.Evidence {
		if err := validateEvidence(q, e); err != nil {
			return err
		}
	}
	for k, l := range a.Lists {
		if err := validateList(k, l); err != nil {
			return err
		}
	}
	for _, r := range a.Responses {
		if err := validateResponse(r); err != nil {
			return err
		}
	}
	for _, snap := range a.History {
		if err := validateSnapshot(snap); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		what    string
		n, most int
	}{
		{"answers", len(a.Answers), assessment.MaxQuestions},
		{"plan rows", len(a.Plan), assessment.MaxQuestions},
		{"evidence records", len(a.Evidence), assessment.MaxQuestions},
		{"responses", len(a.Responses), assessment.MaxResponses},
		{"snapshots", len(a.History), assessment.MaxSnapshots},
	} {
		if err := assessment.CheckCount(c.what, c.n, c.most, c.what); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalidValue, err)
		}
	}
	return nil
}

// Create stores a new assessment with everything it holds (answers, plan,
// responses, history) and returns its new ID. Created and Updated are set to
// now; a itself is not modified. The company must be named and the scope
// valid (ErrInvalidValue), as an interchange file requires.
func (s *Store) Create(a *assessment.Assessment) (string, error) {
	t := now()
	h := headerOf(a)
	h.Created, h.Updated = t, t
	if err := validate(a, h); err != nil {
		return "", fmt.Errorf("create assessment: %w", err)
	}
	var id string
	err := s.update(func(tx *bbolt.Tx) (err error) {
		id, err = s.put(tx, a, h)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("create assessment: %w", err)
	}
	return id, nil
}

// Get returns everything stored about an assessment: header, answers, plan,
// responses (in the order first saved) and history (oldest first). Answers is
// never nil; the others are nil when empty.
func (s *Store) Get(id string) (*assessment.Assessment, error) {
	var a *assessment.Assessment
	err := s.view(func(tx *bbolt.Tx) error {
		ab, err := live(tx, id)
		if err != nil {
			return err
		}
		a, err = readAssessment(ab, id, true)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("get assessment: %w", err)
	}
	return a, nil
}

// readAssessment decodes an assessment bucket: the header and answers, and
// with full also the plan, responses and history.
func readAssessment(ab *bbolt.Bucket, id string, full bool) (*assessment.Assessment, error) {
	h, err := readHeader(ab)
	if err != nil {
		return nil, fmt.Errorf("assessment %s: %w", id, err)
	}
	a := h.assessment(id)
	a.Answers = map[string]assessment.Answer{}
	if err := readMap(ab, bucketAnswers, a.Answers); err != nil {
		return nil, fmt.Errorf("assessment %s: %w", id, err)
	}
	if !full {
		return a, nil
	}
	plan := map[string]assessment.PlanEdit{}
	if err := readMap(ab, bucketPlan, plan); err != nil {
		return nil, fmt.Errorf("assessment %s: %w", id, err)
	}
	if len(plan) > 0 {
		a.Plan = plan
	}
	evidence := map[string]assessment.EvidenceRecord{}
	if err := readMap(ab, bucketEvidence, evidence); err != nil {
		return nil, fmt.Errorf("assessment %s: %w", id, err)
	}
	if len(evidence) > 0 {
		a.Evidence = evidence
	}
	if a.Lists, err = readLists(ab); err != nil {
		return nil, fmt.Errorf("assessment %s: %w", id, err)
	}
	if a.Mock, err = readMock(ab); err != nil {
		return nil, fmt.Errorf("assessment %s: %w", id, err)
	}
	rb, err := child(ab, bucketResponses)
	if err != nil {
		return nil, err
	}
	var recs []responseRecord
	err = rb.ForEach(func(k, v []byte) error {
		var r responseRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("%w: response %s: %v", ErrCorrupt, k, err)
		}
		r.ID = string(k)
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("assessment %s: %w", id, err)
	}
	slices.SortFunc(recs, func(x, y responseRecord) int { return cmp.Compare(x.Order, y.Order) })
	for _, r := range recs {
		a.Responses = append(a.Responses, r.Response)
	}
	if a.History, err = readHistory(ab); err != nil {
		return nil, fmt.Errorf("assessment %s: %w", id, err)
	}
	return a, nil
}

// readMap decodes a nested bucket of JSON values keyed by question ID.
func readMap[V any](ab *bbolt.Bucket, name []byte, into map[string]V) error {
	b, err := child(ab, name)
	if err != nil {
		return err
	}
	return b.ForEach(func(k, v []byte) error {
		var x V
		if err := json.Unmarshal(v, &x); err != nil {
			return fmt.Errorf("%w: %s %s: %v", ErrCorrupt, name, k, err)
		}
		into[string(k)] = x
		return nil
	})
}

func readHistory(ab *bbolt.Bucket) ([]assessment.Snapshot, error) {
	hb, err := child(ab, bucketHistory)
	if err != nil {
		return nil, err
	}
	var out []assessment.Snapshot
	err = hb.ForEach(func(k, v []byte) error {
		var snap assessment.Snapshot
		if err := json.Unmarshal(v, &snap); err != nil {
			return fmt.Errorf("%w: snapshot %x: %v", ErrCorrupt, k, err)
		}
		out = append(out, snap)
		return nil
	})
	return out, err
}

// touch records a change to an assessment at t: the header's Updated and the
// cached summary (marked stale when the change can move the score). Its cost
// does not depend on the number of answers.
func touch(tx *bbolt.Tx, ab *bbolt.Bucket, id string, h header, t time.Time, stale bool) error {
	h.Updated = t
	if err := putJSON(ab, keyHeader, h); err != nil {
		return err
	}
	sums := tx.Bucket(bucketSummaries)
	var rec summaryRecord
	if data := sums.Get([]byte(id)); data == nil || json.Unmarshal(data, &rec) != nil {
		rec = summaryRecord{Stale: true} // missing or damaged: List rebuilds it
	}
	rec.Company, rec.ReportType, rec.BankID, rec.Updated = h.Company, h.Scope.ReportType, h.Bank.ID, t
	rec.Stale = rec.Stale || stale
	rec.Rev++
	return putJSON(sums, []byte(id), rec)
}

// change runs fn on an assessment's bucket and header in one transaction,
// then touches it.
func (s *Store) change(id string, stale bool, fn func(ab *bbolt.Bucket, h *header, t time.Time) error) error {
	return s.update(func(tx *bbolt.Tx) error {
		ab, err := live(tx, id)
		if err != nil {
			return err
		}
		h, err := readHeader(ab)
		if err != nil {
			return err
		}
		t := now()
		if err := fn(ab, &h, t); err != nil {
			return err
		}
		return touch(tx, ab, id, h, t, stale)
	})
}

// Rename changes an assessment's company name.
func (s *Store) Rename(id, company string) error {
	company = strings.TrimSpace(company)
	if company == "" {
		return fmt.Errorf("rename assessment: %w: the company name is empty", ErrInvalidValue)
	}
	if err := assessment.CheckLength("company", company, assessment.MaxNameLength); err != nil {
		return fmt.Errorf("rename assessment: %w: %w", ErrInvalidValue, err)
	}
	err := s.change(id, false, func(_ *bbolt.Bucket, h *header, _ time.Time) error {
		h.Company = company
		return nil
	})
	if err != nil {
		return fmt.Errorf("rename assessment: %w", err)
	}
	return nil
}

// UpdateDetails edits an assessment's header in one transaction: fn receives
// the header only (Answers and the rest are nil) and may change Company,
// PreparedBy, Profile, Scope and Bank; only those are written back. The
// result must still be valid (ErrInvalidValue), or nothing is written.
func (s *Store) UpdateDetails(id string, fn func(a *assessment.Assessment)) error {
	err := s.change(id, true, func(_ *bbolt.Bucket, h *header, _ time.Time) error {
		a := h.assessment(id)
		fn(a)
		nh := headerOf(a)
		nh.Created, nh.Updated = h.Created, h.Updated
		if err := validateHeader(nh); err != nil {
			return err
		}
		*h = nh
		return nil
	})
	if err != nil {
		return fmt.Errorf("update assessment: %w", err)
	}
	return nil
}

// SaveAnswer stores one answer in one committed transaction. Its cost does
// not grow with the number of answers: the answer is one key in the
// assessment's answers bucket, then the header and the summary cache are
// rewritten (both of constant size; the summary is only marked stale, not
// scored). Changed is set to now when zero. An answer that says nothing
// (assessment.Answer{} apart from Changed) clears the question.
func (s *Store) SaveAnswer(id, question string, a assessment.Answer) error {
	return s.SaveAnswers(id, map[string]assessment.Answer{question: a})
}

// SaveAnswers stores several answers in one transaction, all or none (an
// imported spreadsheet), each as SaveAnswer does.
func (s *Store) SaveAnswers(id string, answers map[string]assessment.Answer) error {
	for q, a := range answers {
		if err := validateAnswer(q, a); err != nil {
			return fmt.Errorf("save answer: %w", err)
		}
	}
	err := s.change(id, true, func(ab *bbolt.Bucket, _ *header, t time.Time) error {
		b, err := child(ab, bucketAnswers)
		if err != nil {
			return err
		}
		for q, a := range answers {
			if zeroAnswer(a) {
				if err := b.Delete([]byte(q)); err != nil {
					return err
				}
				continue
			}
			if a.Changed.IsZero() {
				a.Changed = t
			}
			if err := putJSON(b, []byte(q), a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save answer: %w", err)
	}
	return nil
}

// SavePlanEdit stores the user's edit of one plan row, like SaveAnswer; an
// empty edit restores the computed row.
func (s *Store) SavePlanEdit(id, question string, e assessment.PlanEdit) error {
	if err := validatePlanEdit(question, e); err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	err := s.change(id, false, func(ab *bbolt.Bucket, _ *header, _ time.Time) error {
		b, err := child(ab, bucketPlan)
		if err != nil {
			return err
		}
		if e == (assessment.PlanEdit{}) {
			return b.Delete([]byte(question))
		}
		return putJSON(b, []byte(question), e)
	})
	if err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	return nil
}

// SaveEvidence records what was collected for one control's evidence request,
// like SaveAnswer in one transaction; an empty record clears it. The record's
// Changed time is set to now.
func (s *Store) SaveEvidence(id, question string, e assessment.EvidenceRecord) error {
	if err := validateEvidence(question, e); err != nil {
		return fmt.Errorf("save evidence: %w", err)
	}
	err := s.change(id, false, func(ab *bbolt.Bucket, _ *header, now time.Time) error {
		b, err := child(ab, bucketEvidence)
		if err != nil {
			return err
		}
		if e.IsZero() {
			return b.Delete([]byte(question))
		}
		e.Changed = now
		return putJSON(b, []byte(question), e)
	})
	if err != nil {
		return fmt.Errorf("save evidence: %w", err)
	}
	return nil
}

// SaveResponse stores a response to an exception and returns its ID: a new
// one when r.ID is empty, else r.ID, which must exist (ErrNotFound). Updated
// is set to now. Responses keep the order in which they were first saved.
func (s *Store) SaveResponse(id string, r assessment.Response) (string, error) {
	if err := validateResponse(r); err != nil {
		return "", fmt.Errorf("save response: %w", err)
	}
	err := s.change(id, false, func(ab *bbolt.Bucket, _ *header, t time.Time) error {
		rb, err := child(ab, bucketResponses)
		if err != nil {
			return err
		}
		var rec responseRecord
		if r.ID == "" {
			if err := validateCount(rb, "responses", assessment.MaxResponses); err != nil {
				return err
			}
			r.ID = string(uniqueKey(rb))
			if rec.Order, err = rb.NextSequence(); err != nil {
				return err
			}
		} else if err := getJSON(rb, []byte(r.ID), &rec); err != nil {
			if rb.Get([]byte(r.ID)) == nil {
				return fmt.Errorf("response %q: %w", r.ID, ErrNotFound)
			}
			return err
		}
		r.Updated = t
		rec.Response = r
		return putJSON(rb, []byte(r.ID), rec)
	})
	if err != nil {
		return "", fmt.Errorf("save response: %w", err)
	}
	return r.ID, nil
}

// DeleteResponse removes a response.
func (s *Store) DeleteResponse(id, responseID string) error {
	err := s.change(id, false, func(ab *bbolt.Bucket, _ *header, _ time.Time) error {
		rb, err := child(ab, bucketResponses)
		if err != nil {
			return err
		}
		if responseID == "" || rb.Get([]byte(responseID)) == nil {
			return fmt.Errorf("response %q: %w", responseID, ErrNotFound)
		}
		return rb.Delete([]byte(responseID))
	})
	if err != nil {
		return fmt.Errorf("delete response: %w", err)
	}
	return nil
}

// AddSnapshot appends a point to an assessment's history (Taken defaults to
// now). It does not count as a change to the assessment.
func (s *Store) AddSnapshot(id string, snap assessment.Snapshot) error {
	if snap.Taken.IsZero() {
		snap.Taken = now()
	}
	if err := validateSnapshot(snap); err != nil {
		return fmt.Errorf("add snapshot: %w", err)
	}
	err := s.update(func(tx *bbolt.Tx) error {
		ab, err := live(tx, id)
		if err != nil {
			return err
		}
		hb, err := child(ab, bucketHistory)
		if err != nil {
			return err
		}
		if err := validateCount(hb, "snapshots", assessment.MaxSnapshots); err != nil {
			return err
		}
		seq, err := hb.NextSequence()
		if err != nil {
			return err
		}
		return putJSON(hb, historyKey(snap.Taken, seq), snap)
	})
	if err != nil {
		return fmt.Errorf("add snapshot: %w", err)
	}
	return nil
}

// History returns an assessment's snapshots, oldest first (snapshots taken at
// the same instant in the order added).
func (s *Store) History(id string) ([]assessment.Snapshot, error) {
	var out []assessment.Snapshot
	err := s.view(func(tx *bbolt.Tx) error {
		ab, err := live(tx, id)
		if err != nil {
			return err
		}
		out, err = readHistory(ab)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return out, nil
}

// Duplicate starts a new assessment from an existing one ("next year's from
// this year's") under a new company name: it copies the profile, scope, bank
// and answers; not the history or the responses. Plan edits keep their
// owner but lose their status and due date, which belonged to last year's
// plan. It returns the new ID.
func (s *Store) Duplicate(id, company string) (string, error) {
	var newID string
	err := s.update(func(tx *bbolt.Tx) error {
		ab, err := live(tx, id)
		if err != nil {
			return err
		}
		src, err := readAssessment(ab, id, true)
		if err != nil {
			return err
		}
		dup := &assessment.Assessment{Answers: src.Answers}
		for q, e := range src.Plan {
			if e.Owner != "" {
				if dup.Plan == nil {
					dup.Plan = map[string]assessment.PlanEdit{}
				}
				dup.Plan[q] = assessment.PlanEdit{Owner: e.Owner}
			}
		}
		h := headerOf(src)
		h.Company = strings.TrimSpace(company)
		t := now()
		h.Created, h.Updated = t, t
		if err := validateHeader(h); err != nil {
			return err
		}
		newID, err = s.put(tx, dup, h)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("duplicate assessment: %w", err)
	}
	return newID, nil
}

// Delete moves an assessment to the trash, from which Restore brings it back
// and Purge removes it for good.
func (s *Store) Delete(id string) error {
	err := s.update(func(tx *bbolt.Tx) error {
		ab, err := live(tx, id)
		if err != nil {
			return err
		}
		key := []byte(id)
		sums, trash := tx.Bucket(bucketSummaries), tx.Bucket(bucketTrash)
		rec := clone(sums.Get(key))
		if rec == nil {
			h, err := readHeader(ab)
			if err != nil {
				return err
			}
			if rec, err = json.Marshal(summaryRecord{Company: h.Company, ReportType: h.Scope.ReportType, Updated: h.Updated, BankID: h.Bank.ID, Stale: true}); err != nil {
				return err
			}
		}
		if trash.Bucket(key) != nil {
			return fmt.Errorf("%w: assessment %s is both in use and in the trash", ErrCorrupt, id)
		}
		// Move first, then write into the moved bucket: bbolt's MoveBucket
		// moves the bucket as last committed, not as changed in this
		// transaction.
		if err := tx.MoveBucket(key, tx.Bucket(bucketAssessments), trash); err != nil {
			return err
		}
		tb := trash.Bucket(key)
		if err := putJSON(tb, keyDeleted, now()); err != nil {
			return err
		}
		if err := tb.Put(keySummary, rec); err != nil {
			return err
		}
		return sums.Delete(key)
	})
	if err != nil {
		return fmt.Errorf("delete assessment: %w", err)
	}
	return nil
}

// Restore brings an assessment back from the trash.
func (s *Store) Restore(id string) error {
	err := s.update(func(tx *bbolt.Tx) error {
		key := []byte(id)
		as, trash := tx.Bucket(bucketAssessments), tx.Bucket(bucketTrash)
		tb := trash.Bucket(key)
		if id == "" || tb == nil {
			return fmt.Errorf("assessment %q in the trash: %w", id, ErrNotFound)
		}
		var rec summaryRecord
		if json.Unmarshal(tb.Get(keySummary), &rec) != nil {
			rec = summaryRecord{Stale: true}
		}
		if as.Bucket(key) != nil {
			return fmt.Errorf("%w: assessment %s is both in use and in the trash", ErrCorrupt, id)
		}
		if err := tx.MoveBucket(key, trash, as); err != nil {
			return err
		}
		ab := as.Bucket(key)
		for _, k := range [][]byte{keyDeleted, keySummary} {
			if err := ab.Delete(k); err != nil {
				return err
			}
		}
		h, err := readHeader(ab)
		if err != nil {
			return err
		}
		rec.Company, rec.ReportType, rec.BankID, rec.Updated = h.Company, h.Scope.ReportType, h.Bank.ID, h.Updated
		rec.Rev++
		return putJSON(tx.Bucket(bucketSummaries), key, rec)
	})
	if err != nil {
		return fmt.Errorf("restore assessment: %w", err)
	}
	return nil
}

// Purge removes an assessment from the trash for good.
func (s *Store) Purge(id string) error {
	err := s.update(func(tx *bbolt.Tx) error {
		trash := tx.Bucket(bucketTrash)
		if id == "" || trash.Bucket([]byte(id)) == nil {
			return fmt.Errorf("assessment %q in the trash: %w", id, ErrNotFound)
		}
		return trash.DeleteBucket([]byte(id))
	})
	if err != nil {
		return fmt.Errorf("purge assessment: %w", err)
	}
	return nil
}

// EmptyTrash purges every assessment in the trash and returns how many.
func (s *Store) EmptyTrash() (int, error) {
	n := 0
	err := s.update(func(tx *bbolt.Tx) error {
		trash := tx.Bucket(bucketTrash)
		var keys [][]byte
		if err := trash.ForEachBucket(func(k []byte) error {
			keys = append(keys, clone(k))
			return nil
		}); err != nil {
			return err
		}
		for _, k := range keys {
			if err := trash.DeleteBucket(k); err != nil {
				return err
			}
		}
		n = len(keys)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("empty trash: %w", err)
	}
	return n, nil
}
