package main

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"soc2ready/assessment"
	"soc2ready/storage"
)

// The mock audit commands: population imports a list, sample prints the
// auditor's sample drawn from it, record marks one sampled item. Each takes
// a FILE (rewritten atomically, keeping fields a newer version wrote) or an
// ID in the database (one transaction).

// changeTarget loads FILE|ID, lets apply change the assessment (for a FILE)
// or the store (for an ID), and saves it.
func (f *cliFlags) changeTarget(env *cliEnv, b *assessment.Bank, target string, inFile func(*assessment.Assessment) error, inStore func(*storage.Store) error) error {
	if !isFileTarget(target) {
		return f.withStore(false, b, inStore)
	}
	a, orig, err := f.loadFile(b, target)
	if err != nil {
		return err
	}
	if err := inFile(a); err != nil {
		return err
	}
	data, err := assessment.UpdateFile(orig, a)
	if err != nil {
		return err
	}
	// The file is read and written: writing it is the point.
	f.inputs = slices.DeleteFunc(f.inputs, func(p string) bool { return p == target })
	return f.writeOutput(env, target, writeBytes(data))
}

// runPopulation imports a CSV list as a population of the assessment, and
// prints how many of its items fall in the period.
func runPopulation(env *cliEnv, args []string) error {
	fs, f := newFlags("population")
	kind := fs.String("kind", "", "the population: headcount, joiners, leavers, changes, vendors or incidents")
	list := fs.String("csv", "", "the list, a CSV file with a header row")
	idCol := fs.String("id-column", "", "the column with each item's identifier (default: found by its name)")
	dateCol := fs.String("date-column", "", "the column with each item's date (default: found by its name)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *kind == "" || *list == "" {
		return usagef("want ID|FILE, --kind and --csv")
	}
	k := assessment.PopulationKind(*kind)
	if !slices.Contains(assessment.PopulationKinds, k) {
		return usagef("--kind %q is not one of headcount, joiners, leavers, changes, vendors, incidents", *kind)
	}
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	data, err := f.readAssessmentFile(*list) // a list is read with the same bound
	if err != nil {
		return err
	}
	items, rowErrs, err := assessment.ParseList(data, *idCol, *dateCol)
	if err != nil {
		return fmt.Errorf("%s: %w", *list, err)
	}
	if len(rowErrs) > 0 {
		for _, e := range rowErrs {
			fmt.Fprintf(env.stderr, "%s: %s\n", *list, e)
		}
		return fmt.Errorf("%s: %d problems; nothing was imported", *list, len(rowErrs))
	}
	now, err := today()
	if err != nil {
		return err
	}
	l := assessment.PopulationList{Source: *list, Imported: now.UTC(), Items: items}
	var scope assessment.Scope
	err = f.changeTarget(env, b, pos[0],
		func(a *assessment.Assessment) error {
			if a.Lists == nil {
				a.Lists = map[assessment.PopulationKind]assessment.PopulationList{}
			}
			a.Lists[k] = l
			scope = a.Scope
			return nil
		},
		func(st *storage.Store) error {
			a, err := st.Get(pos[0])
			if err != nil {
				return err
			}
			scope = a.Scope
			return st.SaveList(pos[0], k, l)
		})
	if err != nil {
		return err
	}
	in := len(l.InPeriod(scope))
	fmt.Fprintf(env.stdout, "%d %s imported, %d in the period\n", len(items), k.Noun(), in)
	return nil
}

// sampleJSON is the documented shape of `sample --json`.
type sampleJSON struct {
	Seed    uint64           `json:"seed"`
	Samples []sampleRowsJSON `json:"samples"`
}

type sampleRowsJSON struct {
	Question   string                    `json:"question"`
	Population assessment.PopulationKind `json:"population"`
	InPeriod   int                       `json:"in_period"`
	Size       int                       `json:"size"`
	Items      []sampleItemJSON          `json:"items"`
}

type sampleItemJSON struct {
	ID     string          `json:"id"`
	Date   assessment.Date `json:"date"`
	Result string          `json:"result"`
	Note   string          `json:"note"`
}

// runSample prints the auditor's sample for every control whose population
// has a list; --seed records a new seed first.
func runSample(env *cliEnv, args []string) error {
	fs, f := newFlags("sample")
	seedFlag := fs.String("seed", "", "draw with this seed, and record it")
	asJSON := fs.Bool("json", false, "print the samples as JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one ID|FILE")
	}
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	if *seedFlag != "" {
		seed, err := strconv.ParseUint(*seedFlag, 10, 64)
		if err != nil || seed == 0 {
			return usagef("--seed %q is not a whole number above 0", *seedFlag)
		}
		err = f.changeTarget(env, b, pos[0],
			func(a *assessment.Assessment) error { a.Mock.Seed = seed; return nil },
			func(st *storage.Store) error { return st.SaveMockSeed(pos[0], seed) })
		if err != nil {
			return err
		}
		f.inputs = nil
	}
	a, err := f.load(b, pos[0])
	if err != nil {
		return err
	}
	samples := assessment.DrawSamples(b, a)
	seed := a.Mock.Seed
	if seed == 0 {
		seed = assessment.DefaultSeed
	}
	if *asJSON {
		out := sampleJSON{Seed: seed, Samples: []sampleRowsJSON{}}
		for _, s := range samples {
			row := sampleRowsJSON{Question: s.Question.ID, Population: s.Population, InPeriod: s.InPeriod, Size: len(s.Items), Items: []sampleItemJSON{}}
			for _, it := range s.Items {
				row.Items = append(row.Items, sampleItemJSON{it.ID, it.Date, it.Result.Result, it.Result.Note})
			}
			out.Samples = append(out.Samples, row)
		}
		return writeJSON(env.stdout, out)
	}
	if len(samples) == 0 {
		fmt.Fprintln(env.stdout, "No list imported yet: import one with soc2ready population.")
		return nil
	}
	fmt.Fprintf(env.stdout, "Samples drawn with seed %d\n", seed)
	for _, s := range samples {
		fmt.Fprintf(env.stdout, "\n%s %s: %d of %d %s in the period\n", s.Question.ID, s.Question.Title, len(s.Items), s.InPeriod, s.Population.Noun())
		for _, it := range s.Items {
			result := "not tested"
			if it.Result.Result != "" {
				result = it.Result.Result
			}
			fmt.Fprintf(env.stdout, "  %-40s %s  %s\n", it.ID, it.Date, result)
		}
	}
	return nil
}

// runRecord records the test of one sampled item.
func runRecord(env *cliEnv, args []string) error {
	fs, f := newFlags("record")
	note := fs.String("note", "", "what was found")
	ev := fs.String("evidence", "", "where the evidence is: a path or a link")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 4 {
		return usagef("want ID|FILE QUESTION ITEM pass|fail")
	}
	target, question, item := pos[0], pos[1], pos[2]
	r := assessment.SampleResult{Result: pos[3], Note: *note, Evidence: *ev}
	if err := r.Check(); err != nil {
		return usagef("%v", err)
	}
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	a, err := f.load(b, target)
	if err != nil {
		return err
	}
	drawn := false
	for _, s := range assessment.DrawSamples(b, a) {
		for _, it := range s.Items {
			drawn = drawn || s.Question.ID == question && it.ID == item
		}
	}
	if !drawn {
		return fmt.Errorf("%s is not in the sample of %s (see soc2ready sample)", item, question)
	}
	f.inputs = nil
	return f.changeTarget(env, b, target,
		func(a *assessment.Assessment) error {
			if a.Mock.Results == nil {
				a.Mock.Results = map[string]map[string]assessment.SampleResult{}
			}
			if a.Mock.Results[question] == nil {
				a.Mock.Results[question] = map[string]assessment.SampleResult{}
			}
			r.Recorded = time.Now().UTC()
			a.Mock.Results[question][item] = r
			return nil
		},
		func(st *storage.Store) error { return st.SaveSampleResult(target, question, item, r) })
}
