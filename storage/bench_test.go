package storage

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"soc2ready/assessment"
)

// benchSaveAnswer saves one answer (one committed, fsynced transaction) into
// an assessment that holds n answers. The store has no bank: SaveAnswer does
// not score, and the generated question IDs need none.
func benchSaveAnswer(b *testing.B, n int) {
	s := openStore(b, filepath.Join(b.TempDir(), DBFileName), Options{})
	id := mustCreate(b, s, &assessment.Assessment{Company: "Bench", Scope: assessment.Scope{ReportType: assessment.Type2}, Answers: genAnswers(n)})
	answers := []assessment.Answer{
		{Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Consistency: assessment.Always, Notes: "saved by the benchmark"},
		{Status: assessment.Partial, Evidence: assessment.EvidencePartial, Consistency: assessment.Mostly, Owner: "Sam"},
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := s.SaveAnswer(id, qid(i%n), answers[i%2]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkSaveAnswer170(b *testing.B)  { benchSaveAnswer(b, 170) }
func BenchmarkSaveAnswer5000(b *testing.B) { benchSaveAnswer(b, 5000) }

// BenchmarkList500 lists 500 assessments of 170 answers whose cached
// summaries are clean: no scoring, no writing.
func BenchmarkList500(b *testing.B) {
	bank := genBank(b, 170)
	s := openStore(b, filepath.Join(b.TempDir(), DBFileName), Options{Bank: bank})
	answers := genAnswers(170)
	for i := range 500 {
		mustCreate(b, s, &assessment.Assessment{Company: "Company " + qid(i), Scope: assessment.Scope{ReportType: assessment.Type2},
			Bank: bank.Ref(), Answers: answers})
	}
	for _, sum := range mustList(b, s) { // scored at Create: already clean
		if !sum.Scored {
			b.Fatalf("summary %+v not scored", sum)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if l, err := s.List(); err != nil || len(l) != 500 {
			b.Fatalf("List = %d rows, %v", len(l), err)
		}
	}
}

// benchAssessment is a realistic assessment: 170 answers, a few plan edits,
// responses and snapshots.
func benchAssessment(bank *assessment.Bank) *assessment.Assessment {
	a := fullAssessment()
	a.Bank = bank.Ref()
	a.Answers = genAnswers(170)
	a.Plan = map[string]assessment.PlanEdit{qid(1): {Owner: "Sam", Status: assessment.PlanInProgress}, qid(2): {Due: date("2027-01-01")}}
	a.Responses = []assessment.Response{{Question: qid(3), WhatHappened: "missed review", ManagementResponse: "we now review monthly"}}
	for i := range a.History {
		a.History[i].Probabilities = map[string]float64{qid(0): 0.5, qid(1): 0.1}
	}
	a.Profile = assessment.Profile{}
	return a
}

func BenchmarkExport(b *testing.B) {
	bank := genBank(b, 170)
	s := openStore(b, filepath.Join(b.TempDir(), DBFileName), Options{Bank: bank})
	id := mustCreate(b, s, benchAssessment(bank))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Export(id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImport validates and stores (one fsynced transaction) a file of
// 170 answers.
func BenchmarkImport(b *testing.B) {
	bank := genBank(b, 170)
	s := openStore(b, filepath.Join(b.TempDir(), DBFileName), Options{Bank: bank})
	data, err := s.Export(mustCreate(b, s, benchAssessment(bank)))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Import(data, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// benchWriteFileAtomic writes a 64 KiB export into a folder that holds n
// other files (the sweep reads the folder on every write).
func benchWriteFileAtomic(b *testing.B, n int) {
	dir := b.TempDir()
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("file %d.pdf", i)), nil, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	data := bytes.Repeat([]byte("report "), 64<<10/7)
	out := filepath.Join(dir, "plan.pdf")
	for b.Loop() {
		if err := WriteFileAtomic(out, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteFileAtomic(b *testing.B)     { benchWriteFileAtomic(b, 0) }
func BenchmarkWriteFileAtomic5000(b *testing.B) { benchWriteFileAtomic(b, 5000) }

// BenchmarkSweepFolder5000 reads a folder of 5,000 files, 50 of them named
// like stale temporary files of ours that are still fresh: the cost of the
// sweep on the first write to a crowded folder.
func BenchmarkSweepFolder5000(b *testing.B) {
	dir := b.TempDir()
	for i := range 5000 {
		name := fmt.Sprintf("file %d.pdf", i)
		if i%100 == 0 {
			name = fmt.Sprintf(".file %d.pdf.%d.tmp", i, i)
		}
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		sweepFolder(dir)
	}
}
