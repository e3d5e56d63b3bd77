package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"soc2ready/assessment"
	"soc2ready/report"
	"soc2ready/storage"
)

// runEvidence writes the evidence request list: a PDF by owner, or with
// --csv a spreadsheet to track it.
func runEvidence(env *cliEnv, args []string) error {
	var asCSV *bool
	job, err := parsePrint(env, "evidence", args, func(fs *flag.FlagSet) {
		asCSV = fs.Bool("csv", false, "write CSV instead of PDF")
	})
	if err != nil {
		return err
	}
	list := report.BuildEvidence(job.b, job.a, job.now)
	return job.f.writeOutput(env, job.out, func(w io.Writer) error {
		if *asCSV {
			return report.WriteEvidenceCSV(w, list)
		}
		return report.RenderEvidence(list, job.paper, w)
	})
}

// runCollect records that the evidence for one control was collected (or,
// with --undo, that it was not): in the database for an ID, or rewritten in
// place, atomically, for a FILE.
func runCollect(env *cliEnv, args []string) error {
	fs, f := newFlags("collect")
	ref := fs.String("ref", "", "where the evidence is kept: a file path or a link")
	on := fs.String("on", "", "the date it was collected, YYYY-MM-DD (default today)")
	undo := fs.Bool("undo", false, "mark it not collected")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("want ID|FILE and a question ID")
	}
	target, question := pos[0], pos[1]
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	if _, ok := b.Question(question); !ok {
		return fmt.Errorf("no question %s in bank %s %s", question, b.ID, b.Version)
	}
	rec := assessment.EvidenceRecord{Reference: strings.TrimSpace(*ref)}
	if !*undo {
		now, err := today()
		if err != nil {
			return err
		}
		rec.Collected = assessment.DateOf(now)
		if *on != "" {
			if rec.Collected, err = assessment.ParseInputDate(*on); err != nil {
				return usagef("--on: %v", err)
			}
		}
	}
	if err := rec.Check(); err != nil {
		return usagef("%v", err)
	}
	if !isFileTarget(target) {
		return f.withStore(false, b, func(st *storage.Store) error { return st.SaveEvidence(target, question, rec) })
	}
	a, orig, err := f.loadFile(b, target)
	if err != nil {
		return err
	}
	if a.Evidence == nil {
		a.Evidence = map[string]assessment.EvidenceRecord{}
	}
	if rec.IsZero() {
		delete(a.Evidence, question)
	} else {
		rec.Changed = time.Now().UTC()
		a.Evidence[question] = rec
	}
	data, err := assessment.UpdateFile(orig, a) // fields of a newer version survive
	if err != nil {
		return err
	}
	// The file is both read and written: writing it is the point.
	f.inputs = slices.DeleteFunc(f.inputs, func(p string) bool { return p == target })
	return f.writeOutput(env, target, writeBytes(data))
}
