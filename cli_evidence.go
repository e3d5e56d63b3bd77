package main

import (
	"io"

	"soc2ready/report"
)

// runEvidence writes the evidence request list: a PDF by owner, or with
// --csv a spreadsheet to track it.
func runEvidence(env *cliEnv, args []string) error {
	fs, f := newFlags("evidence")
	out := fs.String("o", "", "the file to write")
	asCSV := fs.Bool("csv", false, "write CSV instead of PDF")
	paperFlag := fs.String("paper", "a4", "paper size: a4 or letter")
	b, a, err := f.parseTarget(env, fs, args)
	if err != nil {
		return err
	}
	if err := needOutput(*out); err != nil {
		return err
	}
	paper, err := report.ParsePaper(*paperFlag)
	if err != nil {
		return usagef("%v", err)
	}
	now, err := today()
	if err != nil {
		return err
	}
	list := report.BuildEvidence(b, a, now)
	return f.writeOutput(env, *out, func(w io.Writer) error {
		if *asCSV {
			return report.WriteEvidenceCSV(w, list)
		}
		return report.RenderEvidence(list, paper, w)
	})
}
