package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"soc2ready/assessment"
)

var update = flag.Bool("update", false, "rewrite testdata/schema-v1.db")

// bigStore makes a database of several pages: 30 assessments of 170 answers.
func bigStore(t *testing.T, path string) {
	t.Helper()
	s := openStore(t, path, Options{})
	for i := range 30 {
		mustCreate(t, s, &assessment.Assessment{Company: "Company " + qid(i), Scope: assessment.Scope{ReportType: assessment.Type1}, Answers: genAnswers(170)})
	}
	closeStore(t, s)
}

func TestOpenRefusesDamagedFiles(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	randomBytes := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rnd.UintN(256))
		}
		return b
	}
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		says string // part of the message
	}{
		{"random bytes", func(t *testing.T, path string) { write(t, path, randomBytes(64<<10)) }, "not a database"},
		{"a few random bytes", func(t *testing.T, path string) { write(t, path, randomBytes(100)) }, "not a database"},
		{"text file", func(t *testing.T, path string) { write(t, path, []byte("company,answers\nAcme,3\n")) }, "not a database"},
		{"empty file", func(t *testing.T, path string) { write(t, path, nil) }, "empty"},
		{"a header cut short", func(t *testing.T, path string) { write(t, path, prefix(t, path, 79)) }, "not a database"},
		{"only the first header", func(t *testing.T, path string) { write(t, path, prefix(t, path, 80)) }, "truncated: it holds 80 bytes but its data reaches"},
		{"directory", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o700); err != nil {
				t.Fatal(err)
			}
		}, "folder"},
		{"truncated", func(t *testing.T, path string) {
			bigStore(t, path)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			write(t, path, data[:len(data)/2])
		}, "truncated"},
		{"both headers damaged", func(t *testing.T, path string) {
			bigStore(t, path)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			pageSize := os.Getpagesize()
			copy(data[16:64], randomBytes(48))
			copy(data[pageSize+16:pageSize+64], randomBytes(48))
			write(t, path, data)
		}, "not a database"},
		{"another program's bbolt file", func(t *testing.T, path string) {
			db, err := bbolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(func(tx *bbolt.Tx) error {
				b, err := tx.CreateBucket([]byte("settings"))
				if err != nil {
					return err
				}
				return b.Put([]byte("theme"), []byte("dark"))
			}); err != nil {
				t.Fatal(err)
			}
			checkDB(t, db)
			db.Close()
		}, "another program"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, DBFileName)
			tc.make(t, path)
			before := freeze(t, path)
			names := dirNames(t, dir)
			for _, opt := range []Options{{}, {ReadOnly: true}} {
				s, err := Open(path, opt)
				if err == nil {
					s.Close()
					t.Fatalf("Open(%+v) succeeded", opt)
				}
				if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tc.says) || !strings.Contains(err.Error(), path) {
					t.Errorf("Open(%+v) = %v\nwant ErrCorrupt naming the file and saying %q", opt, err, tc.says)
				}
				t.Logf("%s", err)
			}
			assertUnchanged(t, path, before)
			if got := dirNames(t, dir); !slices.Equal(got, names) {
				t.Errorf("folder now holds %v, before %v", got, names)
			}
			if info, err := os.Stat(path); err == nil && info.IsDir() {
				if got := dirNames(t, path); len(got) != 0 {
					t.Errorf("Open created %v inside the folder", got)
				}
			}
		})
	}
}

// The truncation message says how long the file should be: as long as its
// header says its pages reach.
func TestTruncatedFileSaysItsLength(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	head := prefix(t, path, 80)
	m, ok := parseMeta(head)
	if !ok {
		t.Fatal("the first header does not parse")
	}
	write(t, path, head)
	_, err := Open(path, Options{})
	if want := fmt.Sprintf("it holds 80 bytes but its data reaches %d bytes", m.pgid*m.pageSize); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Open = %v, want %q", err, want)
	}
}

// prefix makes a database at path and returns its first n bytes.
func prefix(t *testing.T, path string, n int) []byte {
	t.Helper()
	bigStore(t, path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data[:n]
}

// A damaged first header is not the end of a database: bbolt reads the
// second one, and so does the check before it.
func TestOpenSurvivesADamagedFirstHeader(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	s := openStore(t, path, Options{})
	id := mustCreate(t, s, fullAssessment())
	want := mustGet(t, s, id)
	closeStore(t, s)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 16; i < 80; i++ {
		data[i] ^= 0x5a
	}
	write(t, path, data)
	s = openStore(t, path, Options{})
	deepEqual(t, "the assessment", mustGet(t, s, id), want)
}

// TestOpenSurvivesDamagedPages overwrites data pages (headers intact): Open
// or the reads after it must fail with ErrCorrupt or succeed, never panic.
func TestOpenSurvivesDamagedPages(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	bigStore(t, path)
	clean, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := os.Getpagesize()
	rnd := rand.New(rand.NewPCG(3, 4))
	refused := 0
	defer func() { t.Logf("damaged files refused or failing reads: %d of 20", refused) }()
	for round := range 20 {
		data := slices.Clone(clean)
		for range 3 {
			page := 2 + rnd.IntN(len(data)/pageSize-2)
			for i := range pageSize / 4 {
				data[page*pageSize+rnd.IntN(pageSize)] = byte(i)
			}
		}
		write(t, path, data)
		s, err := Open(path, Options{Bank: testBank(t)})
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("round %d: Open = %v, want ErrCorrupt", round, err)
			}
			refused++
			continue
		}
		list, err := s.List()
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Errorf("round %d: List = %v, want ErrCorrupt", round, err)
		}
		failed := err != nil
		for _, sum := range list {
			if _, err := s.Get(sum.ID); err != nil {
				failed = true
				if !errors.Is(err, ErrCorrupt) {
					t.Errorf("round %d: Get = %v, want ErrCorrupt", round, err)
				}
			}
		}
		if failed {
			refused++
		}
		s.Close() // not checked: it is damaged on purpose
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// setVersion writes a schema version straight into a closed file.
func setVersion(t *testing.T, path string, v uint64) {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bbolt.Tx) error {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], v)
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, b[:])
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	s := openStore(t, path, Options{})
	mustCreate(t, s, fullAssessment())
	closeStore(t, s)
	setVersion(t, path, schemaVersion+1)
	before := freeze(t, path)
	for _, opt := range []Options{{}, {ReadOnly: true}} {
		s, err := Open(path, opt)
		if err == nil {
			s.Close()
			t.Fatalf("Open(%+v) of a newer file succeeded", opt)
		}
		if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "update soc2ready") {
			t.Errorf("Open(%+v) = %v, want ErrNewerSchema telling to update", opt, err)
		}
		t.Logf("%s", err)
	}
	assertUnchanged(t, path, before)
}

// An empty bbolt database (no buckets at all, as bbolt makes it) holds
// nothing to lose: Open sets it up.
func TestOpenSetsUpAnEmptyBboltFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	s := openStore(t, path, Options{})
	mustCreate(t, s, fullAssessment())
	s = reopen(t, s, Options{})
	if len(mustList(t, s)) != 1 {
		t.Error("the assessment did not persist")
	}
}

func TestOpenDoesNotWriteACurrentFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	s := openStore(t, path, Options{})
	mustCreate(t, s, fullAssessment())
	closeStore(t, s)
	before := freeze(t, path)
	s = openStore(t, path, Options{})
	closeStore(t, s)
	assertUnchanged(t, path, before)
}

// The schema-version-1 fixture. v1Assessments is what it holds.
const v1Fixture = "testdata/schema-v1.db"

type v1Assessment struct {
	id      string
	header  map[string]any // as v1 wrote it, "summary" included
	answers map[string]assessment.Answer
}

func v1Assessments() []v1Assessment {
	return []v1Assessment{
		{
			id: "0a1b2c3d4e5f",
			header: map[string]any{
				"company": "Acme Ltd", "prepared_by": "Dana",
				"profile": map[string]bool{"employees": true},
				"scope":   map[string]any{"report_type": "type2", "categories": []string{"security", "availability"}, "audit_date": "2027-03-01", "period_months": 6},
				"bank":    map[string]string{"id": "test-bank", "version": "1"},
				"created": "2026-10-01T08:00:00Z", "updated": "2026-10-02T09:00:00Z",
				"summary": map[string]any{"answered": 2, "applicable": 4, "readiness": 35.5},
			},
			answers: map[string]assessment.Answer{
				"AC-01": {Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Consistency: assessment.Always, Changed: t0},
				"AV-01": {Status: assessment.Partial, Evidence: assessment.EvidencePartial, Notes: "weekly only", Changed: t0},
			},
		},
		{
			id: "ffeeddccbbaa",
			header: map[string]any{
				"company": "Bare Inc",
				"scope":   map[string]any{"report_type": "type1", "categories": nil},
				"bank":    map[string]string{"id": "test-bank", "version": "1"},
				"created": "2026-09-01T08:00:00Z", "updated": "2026-09-01T08:00:00Z",
				"summary": map[string]any{"answered": 0, "applicable": 3, "readiness": 0},
			},
		},
	}
}

// TestWriteV1Fixture wrote testdata/schema-v1.db in the version-1 layout
// (see schema.go); run with -update to write it again.
func TestWriteV1Fixture(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite " + v1Fixture)
	}
	_ = os.Remove(v1Fixture)
	db, err := bbolt.Open(v1Fixture, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bbolt.Tx) error {
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], 1)
		if err := meta.Put(keySchemaVersion, v[:]); err != nil {
			return err
		}
		as, err := tx.CreateBucket(bucketAssessments)
		if err != nil {
			return err
		}
		for _, fx := range v1Assessments() {
			ab, err := as.CreateBucket([]byte(fx.id))
			if err != nil {
				return err
			}
			if err := putJSON(ab, keyHeader, fx.header); err != nil {
				return err
			}
			for _, name := range childBuckets {
				if _, err := ab.CreateBucket(name); err != nil {
					return err
				}
			}
			for q, a := range fx.answers {
				if err := putJSON(ab.Bucket(bucketAnswers), []byte(q), a); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checkDB(t, db)
}

func TestMigrateFromV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	copyFile(t, v1Fixture, path)

	// Read-only cannot upgrade, and says so without touching the file.
	before := freeze(t, path)
	if s, err := Open(path, Options{ReadOnly: true}); err == nil {
		s.Close()
		t.Fatal("read-only Open of a version-1 file succeeded")
	} else if !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only Open of a version-1 file = %v, want ErrReadOnly", err)
	}
	assertUnchanged(t, path, before)

	bank := testBank(t)
	s := openStore(t, path, Options{Bank: bank})
	var version uint64
	err := s.db.View(func(tx *bbolt.Tx) (err error) {
		version, err = readVersion(tx)
		for _, fx := range v1Assessments() {
			var fields map[string]json.RawMessage
			if err := getJSON(tx.Bucket(bucketAssessments).Bucket([]byte(fx.id)), keyHeader, &fields); err != nil {
				return err
			}
			if _, ok := fields["summary"]; ok {
				t.Errorf("%s: the header still holds the summary", fx.id)
			}
		}
		return err
	})
	if err != nil || version != schemaVersion {
		t.Fatalf("version after migration = %d, %v; want %d", version, err, schemaVersion)
	}
	for _, fx := range v1Assessments() {
		if rec := summaryOf(t, s, fx.id); !rec.Stale || rec.Company != fx.header["company"] {
			t.Errorf("%s: migrated summary %+v: want stale, with the company", fx.id, rec)
		}
	}

	l := mustList(t, s)
	if len(l) != 2 || l[0].ID != "0a1b2c3d4e5f" || l[1].ID != "ffeeddccbbaa" {
		t.Fatalf("List = %+v, want both fixture assessments, newest first", l)
	}
	acme := mustGet(t, s, "0a1b2c3d4e5f")
	want := &assessment.Assessment{
		ID: "0a1b2c3d4e5f", Company: "Acme Ltd", PreparedBy: "Dana", Profile: assessment.Profile{Conditions: map[string]bool{"employees": true}},
		Scope: assessment.Scope{ReportType: assessment.Type2, Categories: []assessment.Category{assessment.Security, assessment.Availability},
			AuditDate: date("2027-03-01"), PeriodMonths: 6},
		Bank:    assessment.BankRef{ID: "test-bank", Version: "1"},
		Answers: v1Assessments()[0].answers,
		Created: must(time.Parse(time.RFC3339, "2026-10-01T08:00:00Z")),
		Updated: must(time.Parse(time.RFC3339, "2026-10-02T09:00:00Z")),
	}
	deepEqual(t, "migrated assessment", acme, want)
	if f := assessment.Score(bank, acme); l[0].Readiness != f.Readiness || l[0].Answered != f.Answered || !l[0].Scored {
		t.Errorf("migrated summary %+v, want rescored: %v %v", l[0], f.Answered, f.Readiness)
	}

	// The trash, new in version 2, works.
	if err := s.Delete("ffeeddccbbaa"); err != nil {
		t.Fatal(err)
	}
	if err := s.Restore("ffeeddccbbaa"); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, Options{Bank: bank})
	if len(mustList(t, s)) != 2 {
		t.Error("lost an assessment after reopening")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// The schema-version-2 fixture was written by soc2ready 0.1 (main at
// 72fadee): the sample company, and "Gone Ltd" in the trash.
const (
	v2Fixture = "testdata/schema-v2.db"
	v2Sample  = "eb408ab10896"
	v2Trashed = "6c814617f015"
)

// TestMigrateFromV2: a version-2 file gains an evidence bucket in every
// assessment, in use or in the trash, keeps everything it had, and takes
// evidence records from then on, also after a restore and a reopen.
func TestMigrateFromV2(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	copyFile(t, v2Fixture, path)
	s := openStore(t, path, Options{Bank: testBank(t)})
	err := s.db.View(func(tx *bbolt.Tx) error {
		if v, err := readVersion(tx); err != nil || v != schemaVersion {
			t.Errorf("version after migration = %d, %v; want %d", v, err, schemaVersion)
		}
		for _, loc := range []struct{ parent, id []byte }{{bucketAssessments, []byte(v2Sample)}, {bucketTrash, []byte(v2Trashed)}} {
			for _, name := range [][]byte{bucketEvidence, bucketLists, bucketMock} {
				if tx.Bucket(loc.parent).Bucket(loc.id).Bucket(name) == nil {
					t.Errorf("%s/%s has no %s bucket", loc.parent, loc.id, name)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a := mustGet(t, s, v2Sample)
	if a.Company != "Northwind Ledger Ltd (sample)" || len(a.Answers) != 115 || a.Profile.Population.Headcount.N != 35 {
		t.Errorf("the sample read back as %q with %d answers, headcount %+v", a.Company, len(a.Answers), a.Profile.Population.Headcount)
	}
	rec := assessment.EvidenceRecord{Collected: date("2027-01-10"), Reference: "https://drive.example/soc2/AC-08"}
	if err := s.SaveEvidence(v2Sample, "AC-08", rec); err != nil {
		t.Fatal(err)
	}
	if err := s.Restore(v2Trashed); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveEvidence(v2Trashed, "AC-01", assessment.EvidenceRecord{Reference: "/srv/evidence/mfa.png"}); err != nil {
		t.Fatalf("evidence for a restored assessment: %v", err)
	}
	closeStore(t, s)
	s = openStore(t, path, Options{Bank: testBank(t)})
	got := mustGet(t, s, v2Sample).Evidence["AC-08"]
	if got.Collected != rec.Collected || got.Reference != rec.Reference || got.Changed.IsZero() {
		t.Errorf("evidence after reopening: %+v", got)
	}
}
