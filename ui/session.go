package ui

import (
	"maps"
	"slices"
	"time"

	"soc2ready/assessment"
	"soc2ready/storage"
)

// session is the open assessment: the in-memory copy the screens show, kept
// in step with the database. Every change is saved at once, in its own
// transaction, then the forecast is recomputed and the screens are told.
// It runs on the UI goroutine only.
type session struct {
	store    *storage.Store
	bank     *assessment.Bank
	a        *assessment.Assessment
	forecast assessment.Forecast
	now      func() time.Time

	// changed answers since the last snapshot: an answering session that ends
	// with changes takes a history snapshot.
	dirty bool

	listeners []func()
	onSaved   func(at time.Time, err error)
	// resultOnly is true while the screens are told of a mock audit result:
	// the samples drawn are the same, only an item's result changed.
	resultOnly bool
}

func newSession(store *storage.Store, bank *assessment.Bank, a *assessment.Assessment, now func() time.Time) *session {
	if a.Answers == nil {
		a.Answers = map[string]assessment.Answer{}
	}
	s := &session{store: store, bank: bank, a: a, now: now}
	s.forecast = assessment.Score(bank, a)
	return s
}

// onChange registers a screen to refresh after every change.
func (s *session) onChange(f func()) { s.listeners = append(s.listeners, f) }

func (s *session) changed(err error) {
	if s.onSaved != nil {
		s.onSaved(s.now(), err)
	}
	if err != nil {
		return
	}
	s.forecast = assessment.Score(s.bank, s.a)
	for _, f := range s.listeners {
		f()
	}
}

// setAnswer saves one answer. The in-memory copy changes only when the save
// committed, so what the screen shows is what is on disk.
func (s *session) setAnswer(id string, ans assessment.Answer) error {
	ans.Changed = s.now().UTC()
	if err := s.store.SaveAnswer(s.a.ID, id, ans); err != nil {
		s.changed(err)
		return err
	}
	s.a.Answers[id] = ans
	s.dirty = true
	s.changed(nil)
	return nil
}

// setDetails saves the company, profile and scope in one transaction; the
// in-memory copy changes only when it committed. The forecast changes with
// them, so the session ends with a snapshot as after answering.
func (s *session) setDetails(d scopeDetails) error {
	if err := s.store.UpdateDetails(s.a.ID, d.applyTo); err != nil {
		s.changed(err)
		return err
	}
	d.applyTo(s.a)
	s.dirty = true
	s.changed(nil)
	return nil
}

// answersSaved takes answers already saved together (an imported
// spreadsheet) into the in-memory copy, and tells the screens.
func (s *session) answersSaved(answers map[string]assessment.Answer) {
	if len(answers) == 0 {
		return
	}
	maps.Copy(s.a.Answers, answers)
	s.dirty = true
	s.changed(nil)
}

// setPlanEdit saves the user's edit of one plan row.
func (s *session) setPlanEdit(id string, e assessment.PlanEdit) error {
	if err := s.store.SavePlanEdit(s.a.ID, id, e); err != nil {
		s.changed(err)
		return err
	}
	if s.a.Plan == nil {
		s.a.Plan = map[string]assessment.PlanEdit{}
	}
	s.a.Plan[id] = e
	s.changed(nil)
	return nil
}

// saveResponse saves an exception response, new or edited.
func (s *session) saveResponse(r assessment.Response) (assessment.Response, error) {
	r.Updated = s.now().UTC()
	id, err := s.store.SaveResponse(s.a.ID, r)
	if err != nil {
		s.changed(err)
		return r, err
	}
	r.ID = id
	replaced := false
	for i := range s.a.Responses {
		if s.a.Responses[i].ID == id {
			s.a.Responses[i], replaced = r, true
		}
	}
	if !replaced {
		s.a.Responses = append(s.a.Responses, r)
	}
	s.changed(nil)
	return r, nil
}

// deleteResponse removes an exception response.
func (s *session) deleteResponse(id string) error {
	if err := s.store.DeleteResponse(s.a.ID, id); err != nil {
		s.changed(err)
		return err
	}
	kept := s.a.Responses[:0]
	for _, r := range s.a.Responses {
		if r.ID != id {
			kept = append(kept, r)
		}
	}
	s.a.Responses = kept
	s.changed(nil)
	return nil
}

// saveList stores (or replaces) an imported population list. The maps of
// lists and results are replaced, never changed in place: a copy handed to
// an export off the UI goroutine (copyAssessment) shares them.
func (s *session) saveList(kind assessment.PopulationKind, l assessment.PopulationList) error {
	if err := s.store.SaveList(s.a.ID, kind, l); err != nil {
		s.changed(err)
		return err
	}
	lists := maps.Clone(s.a.Lists)
	if lists == nil {
		lists = map[assessment.PopulationKind]assessment.PopulationList{}
	}
	lists[kind] = l
	s.a.Lists = lists
	s.changed(nil)
	return nil
}

// setMockSeed records the seed the samples are drawn with.
func (s *session) setMockSeed(seed uint64) error {
	if err := s.store.SaveMockSeed(s.a.ID, seed); err != nil {
		s.changed(err)
		return err
	}
	s.a.Mock.Seed = seed
	s.changed(nil)
	return nil
}

// setSampleResult records the test of one sampled item; an empty Result
// clears it.
func (s *session) setSampleResult(question, item string, r assessment.SampleResult) error {
	if err := s.store.SaveSampleResult(s.a.ID, question, item, r); err != nil {
		s.changed(err)
		return err
	}
	results := maps.Clone(s.a.Mock.Results)
	if results == nil {
		results = map[string]map[string]assessment.SampleResult{}
	}
	items := maps.Clone(results[question])
	if items == nil {
		items = map[string]assessment.SampleResult{}
	}
	if r.Result == "" {
		delete(items, item)
	} else {
		r.Recorded = s.now().UTC()
		items[item] = r
	}
	if len(items) == 0 {
		delete(results, question)
	} else {
		results[question] = items
	}
	s.a.Mock.Results = results
	s.resultOnly = true
	defer func() { s.resultOnly = false }()
	s.changed(nil)
	return nil
}

// copyAssessment returns a copy of the assessment that shares nothing the
// session changes, for work off the UI goroutine.
func (s *session) copyAssessment() *assessment.Assessment {
	a := *s.a
	a.Profile = s.a.Profile.Clone()
	a.Answers = maps.Clone(s.a.Answers)
	a.Plan = maps.Clone(s.a.Plan)
	a.Responses = slices.Clone(s.a.Responses)
	a.History = slices.Clone(s.a.History)
	a.Scope.Categories = slices.Clone(s.a.Scope.Categories)
	return &a
}

// snapshot stores the current scores in the history.
func (s *session) snapshot(label string) error {
	snap := s.forecast.Snapshot(s.now().UTC(), label)
	if err := s.store.AddSnapshot(s.a.ID, snap); err != nil {
		return err
	}
	s.a.History = append(s.a.History, snap)
	s.dirty = false
	for _, f := range s.listeners {
		f()
	}
	return nil
}

// endAnswering takes a snapshot if answers changed since the last one: called
// when the user leaves the assessment or the app closes.
func (s *session) endAnswering() error {
	if !s.dirty {
		return nil
	}
	return s.snapshot("")
}
