package storage

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	"go.etcd.io/bbolt"
)

// The file's layout, schema version 3. Keys and values are bytes; values are
// JSON unless said otherwise.
//
//	meta/
//	  schema_version        8-byte big-endian uint64
//	assessments/
//	  <id>/                 one nested bucket per assessment (id: 12 hex digits)
//	    header              header: company, profile, scope, bank, times
//	    answers/<question>  assessment.Answer, one key per answered question
//	    plan/<question>     assessment.PlanEdit
//	    evidence/<question> assessment.EvidenceRecord (since version 3)
//	    lists/<population>  assessment.PopulationList (since version 3)
//	    mock/seed           the mock audit's seed, a JSON number (since version 3)
//	    mock/r:<question>   that question's sample results, item → result
//	    responses/<rid>     responseRecord: assessment.Response and its order
//	    history/<key>       assessment.Snapshot; key = time, then a sequence
//	summaries/
//	  <id>                  summaryRecord: the cached row of List (see summary.go)
//	trash/
//	  <id>/                 a deleted assessment, as under assessments/, plus
//	    deleted             the time it was deleted
//	    summary             its summaryRecord, so Trash and Restore need no scoring
//
// Answers, plan edits and responses live in their own nested buckets so that
// saving one costs the same whatever the size of the assessment.
var (
	bucketMeta        = []byte("meta")
	bucketAssessments = []byte("assessments")
	bucketSummaries   = []byte("summaries")
	bucketTrash       = []byte("trash")

	keySchemaVersion = []byte("schema_version")

	keyHeader       = []byte("header")
	bucketAnswers   = []byte("answers")
	bucketPlan      = []byte("plan")
	bucketResponses = []byte("responses")
	bucketHistory   = []byte("history")
	bucketEvidence  = []byte("evidence")
	bucketLists     = []byte("lists")
	bucketMock      = []byte("mock")
	keySeed         = []byte("seed")
	keyDeleted      = []byte("deleted")
	keySummary      = []byte("summary")
)

// topBuckets are created at open, in the same transaction as the version.
var topBuckets = [][]byte{bucketMeta, bucketAssessments, bucketSummaries, bucketTrash}

// childBuckets are created inside every assessment's bucket.
var childBuckets = [][]byte{bucketAnswers, bucketPlan, bucketResponses, bucketHistory, bucketEvidence, bucketLists, bucketMock}

// schemaVersion is the layout this code reads and writes.
const schemaVersion = 3

// A migration upgrades the file from version to version+1 inside the
// transaction that opens it; a failure rolls everything back.
type migration struct {
	from uint64
	what string
	run  func(tx *bbolt.Tx) error
}

// migrations run in order; each one's from is the previous one's from+1, and
// the last one ends at schemaVersion.
var migrations = []migration{
	{1, "move cached summaries out of the headers into their own bucket; add the trash", migrate1to2},
	{2, "add the evidence, lists and mock-audit buckets to every assessment", migrate2to3},
}

// migrate2to3 adds the evidence/ bucket (what was collected for the
// auditor's evidence requests), lists/ (imported populations) and mock/ (the
// mock audit) to every assessment, in use or in the trash.
func migrate2to3(tx *bbolt.Tx) error {
	for _, parent := range [][]byte{bucketAssessments, bucketTrash} {
		pb := tx.Bucket(parent)
		if pb == nil {
			continue
		}
		var ids [][]byte
		if err := pb.ForEachBucket(func(k []byte) error {
			ids = append(ids, clone(k))
			return nil
		}); err != nil {
			return err
		}
		for _, id := range ids {
			for _, name := range [][]byte{bucketEvidence, bucketLists, bucketMock} {
				if _, err := pb.Bucket(id).CreateBucketIfNotExists(name); err != nil {
					return fmt.Errorf("assessment %s: %w", id, err)
				}
			}
		}
	}
	return nil
}

// Schema version 1 (the first development builds) had meta/ and
// assessments/<id>/ as above, but no summaries/ and no trash/: the header
// carried the cached summary as "summary": {"answered", "applicable",
// "readiness"}, so every answer saved rewrote it, and Delete removed an
// assessment for good.
//
// migrate1to2 moves each summary into summaries/ (marked stale, so that List
// scores it again with the current bank) and drops it from the header,
// keeping every other header field as it was.
func migrate1to2(tx *bbolt.Tx) error {
	sums, err := tx.CreateBucketIfNotExists(bucketSummaries)
	if err != nil {
		return err
	}
	if _, err := tx.CreateBucketIfNotExists(bucketTrash); err != nil {
		return err
	}
	as := tx.Bucket(bucketAssessments)
	if as == nil {
		return nil // nothing was ever stored
	}
	var ids [][]byte
	if err := as.ForEachBucket(func(k []byte) error {
		ids = append(ids, clone(k))
		return nil
	}); err != nil {
		return err
	}
	for _, id := range ids {
		ab := as.Bucket(id)
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(ab.Get(keyHeader), &fields); err != nil {
			return fmt.Errorf("%w: assessment %s: header: %v", ErrCorrupt, id, err)
		}
		var old struct {
			Answered   int     `json:"answered"`
			Applicable int     `json:"applicable"`
			Readiness  float64 `json:"readiness"`
		}
		if raw, ok := fields["summary"]; ok {
			if err := json.Unmarshal(raw, &old); err != nil {
				return fmt.Errorf("%w: assessment %s: summary: %v", ErrCorrupt, id, err)
			}
			delete(fields, "summary")
		}
		data, err := json.Marshal(fields)
		if err != nil {
			return err
		}
		var h header
		if err := json.Unmarshal(data, &h); err != nil {
			return fmt.Errorf("%w: assessment %s: header: %v", ErrCorrupt, id, err)
		}
		if err := ab.Put(keyHeader, data); err != nil {
			return err
		}
		rec := summaryRecord{
			Company: h.Company, ReportType: h.Scope.ReportType, Updated: h.Updated, BankID: h.Bank.ID,
			Answered: old.Answered, Applicable: old.Applicable, Readiness: old.Readiness,
			Stale: true,
		}
		if err := putJSON(sums, id, rec); err != nil {
			return err
		}
	}
	return nil
}

// readVersion returns the schema version of an open file: 0 for an empty
// bbolt database (no buckets at all: nothing to lose, so it may be set up),
// ErrCorrupt for one that belongs to another program or has a damaged meta.
func readVersion(tx *bbolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bbolt.Bucket) error {
			empty = false
			return nil
		})
		if empty {
			return 0, nil
		}
		return 0, fmt.Errorf("%w: it is a bbolt database of another program (it has no soc2ready meta bucket)", ErrCorrupt)
	}
	v := meta.Get(keySchemaVersion)
	if len(v) != 8 || binary.BigEndian.Uint64(v) == 0 {
		return 0, fmt.Errorf("%w: its schema version is missing or damaged", ErrCorrupt)
	}
	return binary.BigEndian.Uint64(v), nil
}

// complete reports whether every top-level bucket exists.
func complete(tx *bbolt.Tx) bool {
	for _, name := range topBuckets {
		if tx.Bucket(name) == nil {
			return false
		}
	}
	return true
}

// upgrade brings a file from version (0: empty) to schemaVersion in the
// caller's transaction: ordered migrations, then every bucket, then the
// version number.
func upgrade(tx *bbolt.Tx, version uint64) error {
	if version > 0 {
		for _, m := range migrations {
			if m.from < version {
				continue
			}
			if err := m.run(tx); err != nil {
				return fmt.Errorf("upgrade the database from schema %d (%s): %w", m.from, m.what, err)
			}
		}
	}
	for _, name := range topBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	var v [8]byte
	binary.BigEndian.PutUint64(v[:], schemaVersion)
	return tx.Bucket(bucketMeta).Put(keySchemaVersion, v[:])
}
