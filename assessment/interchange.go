package assessment

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// The interchange file (*.soc2ready.json) moves one assessment between
// machines and scripts. Its names and values are a contract: fields may be
// added, none renamed.
const (
	FileFormat  = "soc2ready.assessment"
	FileVersion = 1
	FileSuffix  = ".soc2ready.json"
)

// MaxFileSize bounds what a reader accepts, so a wrong file chosen by mistake
// (a video, a disk image) fails fast instead of filling memory.
const MaxFileSize = 32 << 20

// MaxBankSize bounds a question bank file read: the built-in bank is about
// 200 KiB.
const MaxBankSize = 8 << 20

// ErrInvalidFile is wrapped by every error from DecodeFile.
var ErrInvalidFile = errors.New("invalid assessment file")

// fileEnvelope is the on-disk shape: the assessment with format and version.
type fileEnvelope struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	*Assessment
}

// EncodeFile writes an assessment as an interchange file, indented and with
// answers in ID order (encoding/json sorts map keys), so diffs stay readable.
func EncodeFile(a *Assessment) ([]byte, error) {
	c := *a // lists are written as [] and maps as {}, never null, for scripts
	if c.Scope.Categories == nil {
		c.Scope.Categories = []Category{}
	}
	if c.Answers == nil {
		c.Answers = map[string]Answer{}
	}
	data, err := json.MarshalIndent(fileEnvelope{FileFormat, FileVersion, &c}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode assessment: %w", err)
	}
	return append(data, '\n'), nil
}

// The raw shapes read every enum and date as a string, so that an error can
// name the exact field instead of a Go type.
type rawFile struct {
	Format     *string                `json:"format"`
	Version    *int                   `json:"version"`
	ID         string                 `json:"id"`
	Company    string                 `json:"company"`
	PreparedBy string                 `json:"prepared_by"`
	Profile    json.RawMessage        `json:"profile"`
	Scope      rawScope               `json:"scope"`
	Bank       BankRef                `json:"bank"`
	Answers    map[string]rawAnswer   `json:"answers"`
	Plan       map[string]rawPlanEdit `json:"plan"`
	Evidence   map[string]rawEvidence `json:"evidence"`
	Lists      map[string]rawList     `json:"lists"`
	Mock       MockAudit              `json:"mock_audit"`
	Responses  []*Response            `json:"responses"`
	History    []*Snapshot            `json:"history"`
	Created    time.Time              `json:"created"`
	Updated    time.Time              `json:"updated"`
}

type rawScope struct {
	ReportType   string   `json:"report_type"`
	Categories   []string `json:"categories"`
	AuditDate    string   `json:"audit_date"`
	PeriodStart  string   `json:"period_start"`
	PeriodMonths int      `json:"period_months"`
}

type rawAnswer struct {
	Status      string          `json:"status"`
	Evidence    string          `json:"evidence"`
	Consistency string          `json:"consistency"`
	NAReason    string          `json:"na_reason"`
	Owner       string          `json:"owner"`
	Due         string          `json:"due"`
	Notes       string          `json:"notes"`
	Flag        bool            `json:"flag"`
	Missed      json.RawMessage `json:"missed"`
	Changed     time.Time       `json:"changed"`
}

type rawEvidence struct {
	Collected string    `json:"collected"`
	Reference string    `json:"reference"`
	Changed   time.Time `json:"changed"`
}

func (r rawEvidence) parse() (EvidenceRecord, error) {
	e := EvidenceRecord{Reference: r.Reference, Changed: r.Changed}
	var err error
	if e.Collected, err = ParseInputDate(r.Collected); err != nil {
		return e, fmt.Errorf("collected: %w", err)
	}
	return e, e.Check()
}

type rawList struct {
	Source   string    `json:"source"`
	Imported time.Time `json:"imported"`
	Items    []struct {
		ID   string `json:"id"`
		Date string `json:"date"`
	} `json:"items"`
}

func (r rawList) parse() (PopulationList, error) {
	l := PopulationList{Source: r.Source, Imported: r.Imported}
	if err := CheckLength("source", r.Source, MaxTextLength); err != nil {
		return l, err
	}
	if err := CheckCount("items", len(r.Items), MaxListRows, "items"); err != nil {
		return l, err
	}
	seen := map[string]bool{}
	for i, it := range r.Items {
		switch {
		case strings.TrimSpace(it.ID) == "":
			return l, fmt.Errorf("items[%d].id: is empty", i)
		case seen[it.ID]:
			return l, fmt.Errorf("items[%d].id: %q is listed twice", i, it.ID)
		}
		seen[it.ID] = true
		if err := CheckLength(fmt.Sprintf("items[%d].id", i), it.ID, MaxNameLength); err != nil {
			return l, err
		}
		d, err := ParseInputDate(it.Date)
		if err != nil || d.IsZero() {
			return l, fmt.Errorf("items[%d].date: %q is not a date YYYY-MM-DD", i, it.Date)
		}
		l.Items = append(l.Items, ListItem{ID: it.ID, Date: d})
	}
	SortItems(l.Items)
	return l, nil
}

type rawPlanEdit struct {
	Owner  string `json:"owner"`
	Due    string `json:"due"`
	Status string `json:"status"`
}

// DecodeFile reads and fully validates an interchange file against a bank.
// Any problem is returned as an error naming the field; nothing is partially
// returned.
func DecodeFile(data []byte, b *Bank) (*Assessment, error) {
	a, err := decodeFile(data, b)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidFile, err)
	}
	return a, nil
}

func decodeFile(data []byte, b *Bank) (*Assessment, error) {
	if b == nil {
		return nil, errors.New("no question bank to check the answers against")
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("the file is larger than %d MiB", MaxFileSize>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the file is empty")
	}
	var raw rawFile
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonError(data, err)
	}
	switch {
	case raw.Format == nil:
		return nil, errors.New(`format: missing: this is not a soc2ready assessment file`)
	case *raw.Format != FileFormat:
		return nil, fmt.Errorf("format: %q is not %q", *raw.Format, FileFormat)
	case raw.Version == nil:
		return nil, errors.New("version: missing")
	case *raw.Version > FileVersion:
		return nil, fmt.Errorf("version: %d was written by a newer soc2ready (this one reads version %d): update the app", *raw.Version, FileVersion)
	case *raw.Version < 1:
		return nil, fmt.Errorf("version: %d is not a valid version", *raw.Version)
	}
	if err := raw.checkCounts(); err != nil {
		return nil, err
	}
	if err := CheckLength("id", raw.ID, MaxIDLength); err != nil {
		return nil, err
	}
	if err := checkRepeatedKeys(data); err != nil {
		return nil, err
	}
	a := &Assessment{
		ID:         raw.ID,
		Company:    strings.TrimSpace(raw.Company),
		PreparedBy: raw.PreparedBy,
		Bank:       raw.Bank,
		Answers:    make(map[string]Answer, len(raw.Answers)),
		Created:    raw.Created,
		Updated:    raw.Updated,
	}
	if a.Company == "" {
		return nil, errors.New("company: is empty")
	}
	if err := a.CheckBank(b); err != nil {
		return nil, fmt.Errorf("bank.id: the file was %w", err)
	}
	// A file that does not name its bank (or version) was checked against
	// b, and from now on records it.
	if a.Bank.ID == "" {
		a.Bank.ID = b.ID
	}
	if a.Bank.Version == "" {
		a.Bank.Version = b.Version
	}
	scope, err := raw.Scope.parse()
	if err != nil {
		return nil, err
	}
	a.Scope = scope
	if len(raw.Profile) > 0 && string(raw.Profile) != "null" {
		if err := a.Profile.UnmarshalJSON(raw.Profile); err != nil {
			return nil, fmt.Errorf("profile.%w", err)
		}
	}
	if err := a.CheckDetails(); err != nil {
		return nil, err
	}
	for _, id := range sortedKeys(raw.Answers) {
		if _, ok := b.Question(id); !ok {
			return nil, fmt.Errorf("answers.%s: %w", id, unknownQuestion(raw.Bank, b))
		}
		ans, err := raw.Answers[id].parse()
		if err != nil {
			return nil, fmt.Errorf("answers.%s.%w", id, err)
		}
		a.Answers[id] = ans
	}
	if len(raw.Plan) > 0 {
		a.Plan = make(map[string]PlanEdit, len(raw.Plan))
	}
	for _, id := range sortedKeys(raw.Plan) {
		if _, ok := b.Question(id); !ok {
			return nil, fmt.Errorf("plan.%s: %w", id, unknownQuestion(raw.Bank, b))
		}
		e, err := raw.Plan[id].parse()
		if err != nil {
			return nil, fmt.Errorf("plan.%s.%w", id, err)
		}
		a.Plan[id] = e
	}
	for _, id := range sortedKeys(raw.Evidence) {
		if _, ok := b.Question(id); !ok {
			return nil, fmt.Errorf("evidence.%s: %w", id, unknownQuestion(raw.Bank, b))
		}
		e, err := raw.Evidence[id].parse()
		if err != nil {
			return nil, fmt.Errorf("evidence.%s.%w", id, err)
		}
		if a.Evidence == nil {
			a.Evidence = map[string]EvidenceRecord{}
		}
		a.Evidence[id] = e
	}
	for _, k := range sortedKeys(raw.Lists) {
		if !knownPopulations[PopulationKind(k)] {
			return nil, fmt.Errorf("lists.%s: unknown population (want one of headcount, joiners, leavers, changes, vendors, incidents)", k)
		}
		l, err := raw.Lists[k].parse()
		if err != nil {
			return nil, fmt.Errorf("lists.%s.%w", k, err)
		}
		if a.Lists == nil {
			a.Lists = map[PopulationKind]PopulationList{}
		}
		a.Lists[PopulationKind(k)] = l
	}
	if err := raw.Mock.check(b, raw.Bank); err != nil {
		return nil, fmt.Errorf("mock_audit.%w", err)
	}
	a.Mock = raw.Mock
	for i, r := range raw.Responses {
		if r == nil {
			return nil, fmt.Errorf("responses[%d]: is null", i)
		}
		if _, ok := b.Question(r.Question); !ok {
			return nil, fmt.Errorf("responses[%d].question: %q: %w", i, r.Question, unknownQuestion(raw.Bank, b))
		}
		if err := r.Check(); err != nil {
			return nil, fmt.Errorf("responses[%d].%w", i, err)
		}
		a.Responses = append(a.Responses, *r)
	}
	for i, snap := range raw.History {
		if snap == nil {
			return nil, fmt.Errorf("history[%d]: is null", i)
		}
		if err := snap.Check(); err != nil {
			return nil, fmt.Errorf("history[%d].%w", i, err)
		}
		a.History = append(a.History, *snap)
	}
	return a, nil
}

// checkCounts refuses a file with more entries than an assessment may hold,
// before any of them is looked at.
func (r *rawFile) checkCounts() error {
	for _, c := range []struct {
		field string
		n     int
		max   int
		unit  string
	}{
		{"answers", len(r.Answers), MaxQuestions, "answers"},
		{"plan", len(r.Plan), MaxQuestions, "plan rows"},
		{"evidence", len(r.Evidence), MaxQuestions, "evidence records"},
		{"responses", len(r.Responses), MaxResponses, "responses"},
		{"history", len(r.History), MaxSnapshots, "snapshots"},
	} {
		if err := CheckCount(c.field, c.n, c.max, c.unit); err != nil {
			return err
		}
	}
	return nil
}

// unknownQuestion explains a question ID that bank b does not have.
//
// Answers to retired questions are read and kept (see RetiredAnswers). A
// question a bank no longer lists at all is another matter: within one bank
// ID, IDs are never removed, so a file made with another version of the bank
// that names a question this version lacks can only be read by dropping
// that answer (or plan edit, or response). Nothing is dropped silently: the
// file is refused, naming the question and, when the file was made with
// another version, the version to load instead.
func unknownQuestion(made BankRef, b *Bank) error {
	if made.Version != "" && made.Version != b.Version {
		return &BankVersionError{Made: made, Loaded: b.Ref()}
	}
	return fmt.Errorf("no such question in bank %s %s", b.ID, b.Version)
}

func (r rawScope) parse() (Scope, error) {
	s := Scope{ReportType: ReportType(r.ReportType), PeriodMonths: r.PeriodMonths}
	if err := CheckCount("scope.categories", len(r.Categories), len(Categories), "categories"); err != nil {
		return s, err
	}
	for _, c := range r.Categories {
		s.Categories = append(s.Categories, Category(c))
	}
	// the rest of the scope is checked with the details (CheckDetails)
	var err error
	if s.AuditDate, err = ParseInputDate(r.AuditDate); err != nil {
		return s, fmt.Errorf("scope.audit_date: %w", err)
	}
	if s.PeriodStart, err = ParseInputDate(r.PeriodStart); err != nil {
		return s, fmt.Errorf("scope.period_start: %w", err)
	}
	return s, nil
}

func (r rawAnswer) parse() (Answer, error) {
	a := Answer{
		Status: Status(r.Status), Evidence: EvidenceLevel(r.Evidence), Consistency: Consistency(r.Consistency),
		NAReason: r.NAReason, Owner: r.Owner, Notes: r.Notes, Flag: r.Flag, Changed: r.Changed,
	}
	if err := a.Check(); err != nil {
		return a, err
	}
	var err error
	if a.Due, err = ParseInputDate(r.Due); err != nil {
		return a, fmt.Errorf("due: %w", err)
	}
	if a.Missed, err = parseCount(r.Missed); err != nil {
		return a, fmt.Errorf("missed: %w", err)
	}
	return a, nil
}

func (r rawPlanEdit) parse() (PlanEdit, error) {
	e := PlanEdit{Owner: r.Owner, Status: PlanStatus(r.Status)}
	if err := e.Check(); err != nil {
		return e, err
	}
	var err error
	if e.Due, err = ParseInputDate(r.Due); err != nil {
		return e, fmt.Errorf("due: %w", err)
	}
	return e, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// jsonError turns a decoding error into one that says where, in lines.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("not valid JSON at line %d: %w", lineOf(data, syn.Offset), err)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the document"
		}
		return fmt.Errorf("%s: expected %s, found a JSON %s (line %d)", field, typ.Type, typ.Value, lineOf(data, typ.Offset))
	default:
		return fmt.Errorf("not valid JSON: %w", err)
	}
}

func lineOf(data []byte, offset int64) int {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	return bytes.Count(data[:offset], []byte("\n")) + 1
}
