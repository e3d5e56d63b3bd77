// Command soc2ready gets a small company ready for its SOC 2 audit. With no
// arguments it opens the desktop app; with a subcommand it runs headless, for
// scripts, CI and consultants.
package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"soc2ready/assessment"
	"soc2ready/assets"
	"soc2ready/report"
	"soc2ready/storage"
	"soc2ready/ui"
)

// command is one headless subcommand.
type command struct {
	name    string
	args    string // usage after the name
	summary string
	run     func(env *cliEnv, args []string) error
}

// commands is the CLI, in the order help lists it.
var commands = []command{
	{"bank", "[--bank FILE] [--json]", "validate and print a question bank", runBank},
	{"list", "[--json]", "the assessments in the database", runList},
	{"score", "FILE|ID [--json]", "readiness, verdict and the likely exceptions", runScore},
	{"plan", "FILE|ID [--csv]", "the remediation plan", runPlan},
	{"report", "FILE|ID -o OUT.pdf [--paper a4|letter]", "the PDF report for leadership", runReport},
	{"questionnaire", "FILE|ID -o PAPER.pdf [--paper a4|letter]", "a printable questionnaire with tick boxes, for workshops on paper", runQuestionnaire},
	{"evidence", "FILE|ID -o OUT [--csv] [--paper a4|letter]", "the evidence request list an auditor will send, by owner (PDF, or CSV to track it)", runEvidence},
	{"collect", "ID|FILE QUESTION [--ref PATH|URL] [--on DATE] [--undo]", "mark the evidence for a control collected, and where it is kept", runCollect},
	{"population", "ID|FILE --kind KIND --csv LIST.csv [--id-column C] [--date-column C]", "import a list (leavers, changes, …) for the mock audit; prints the count in the period", runPopulation},
	{"sample", "ID|FILE [--seed N] [--json]", "the auditor's sample drawn from the imported lists", runSample},
	{"record", "ID|FILE QUESTION ITEM pass|fail [--note TEXT] [--evidence REF]", "record the test of one sampled item", runRecord},
	{"merge", "FILE FILE… -o OUT.json [--json]", "merge files answered by several people; prints the conflicts", runMerge},
	{"compare", "A B [--json]", "compare two assessments or snapshots (FILE, ID or ID@snapshot)", runCompare},
	{"export", "ID|FILE -o OUT [--xlsx|--csv]", "write an interchange file, or the answers and plan as a spreadsheet (--xlsx) or the answers as CSV", runExport},
	{"import-xlsx", "FILE.xlsx --into ID|FILE", "read back answers filled in the spreadsheet; nothing changes if any row has a problem", runImportXLSX},
	{"import", "FILE", "add an interchange file to the database; prints the new ID", runImport},
	{"backup", "-o FILE", "copy the whole database to FILE (safe while the app runs)", runBackup},
	{"help", "", "show this help", nil},
}

// usageError makes the CLI exit with status 2 and print usage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// cliEnv is what a command writes to; tests swap the writers.
type cliEnv struct {
	stdout, stderr io.Writer
}

func main() {
	args := os.Args[1:]
	if len(args) == 0 || args[0] == "--db" || args[0] == "-db" || strings.HasPrefix(args[0], "--db=") || strings.HasPrefix(args[0], "-db=") {
		db, err := guiArgs(args)
		if err != nil {
			fmt.Fprintf(os.Stderr, "soc2ready: %s\nusage: soc2ready [--db PATH]\n", err)
			os.Exit(2)
		}
		ui.Run(db) // Fyne quits cleanly on SIGINT/SIGTERM itself; sweeps catch the rest
		return
	}
	storage.RemoveTempsOnSignal()
	os.Exit(runCLI(&cliEnv{os.Stdout, os.Stderr}, args))
}

// guiArgs reads the desktop app's only flag, --db PATH.
func guiArgs(args []string) (string, error) {
	fs, f := newFlags("soc2ready")
	if err := noArgs(fs, args); err != nil {
		return "", err
	}
	return f.db, nil
}

// runCLI runs one subcommand and returns the process exit status.
func runCLI(env *cliEnv, args []string) int {
	name := args[0]
	if name == "help" || name == "--help" || name == "-h" || name == "-help" {
		printUsage(env.stdout)
		return 0
	}
	for _, c := range commands {
		if c.name == name && c.run != nil {
			// A failed write to stdout (a full disk, a closed pipe) fails
			// the command.
			err := storage.WriteStream(env.stdout, "standard output", func(w io.Writer) error {
				return c.run(&cliEnv{w, env.stderr}, args[1:])
			})
			var ue usageError
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				fmt.Fprintf(env.stdout, "usage: soc2ready %s %s\n", c.name, c.args)
				return 0
			case errors.As(err, &ue):
				fmt.Fprintf(env.stderr, "soc2ready %s: %s\nusage: soc2ready %s %s\n", c.name, ue.msg, c.name, c.args)
				return 2
			case assessment.IsBankChoice(err):
				fmt.Fprintf(env.stderr, "soc2ready %s: %s (pass its file with --bank FILE)\n", c.name, err)
				return 1
			default:
				fmt.Fprintf(env.stderr, "soc2ready %s: %s\n", c.name, err)
				return 1
			}
		}
	}
	fmt.Fprintf(env.stderr, "soc2ready: unknown command %q\n\n", name)
	printUsage(env.stderr)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "soc2ready — SOC 2 readiness self-assessment")
	fmt.Fprintln(w, "\nusage:\n  soc2ready [--db PATH]     open the desktop app")
	for _, c := range commands {
		fmt.Fprintf(w, "  soc2ready %-40s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprintln(w, "\nFILE is an interchange file (*.soc2ready.json); ID an assessment in the database.")
	fmt.Fprintln(w, "Every command takes --db PATH (default: $SOC2READY_DB, else the app's own database)")
	fmt.Fprintln(w, "and --bank FILE (a custom question bank). Flags may stand before or after the arguments.")
	fmt.Fprintln(w, "-o - writes to standard output. No output may replace the database or a file the command reads.")
	fmt.Fprintln(w, "compare also takes ID@N (the N-th snapshot, 1 the oldest), ID@YYYY-MM-DD (the last")
	fmt.Fprintln(w, "snapshot on or before that day, UTC) and ID@latest; FILE@… works the same way.")
}

// parseArgs parses flags that may stand before or after the positional
// arguments ("score acme.json --json" works), and returns the positionals.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			positional = append(positional, args[1:]...)
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	return positional, nil
}

// cliFlags are the flags every command takes.
type cliFlags struct {
	db     string
	bank   string
	inputs []string // the files read, which no output may replace
}

func newFlags(name string) (*flag.FlagSet, *cliFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	f := &cliFlags{}
	fs.StringVar(&f.db, "db", "", "database file (default $SOC2READY_DB, else the app's database)")
	fs.StringVar(&f.bank, "bank", "", "custom question bank file (YAML or JSON)")
	return fs, f
}

// loadBank returns the built-in bank, or the custom bank file at path.
func (f *cliFlags) loadBank() (*assessment.Bank, error) {
	if f.bank == "" {
		return assets.Bank()
	}
	data, err := f.readBankFile()
	if err != nil {
		return nil, err
	}
	return assessment.ParseBank(data)
}

// withStore opens the database for one command and closes it after.
func (f *cliFlags) withStore(readOnly bool, b *assessment.Bank, fn func(*storage.Store) error) error {
	path, err := storage.ResolvePath(f.db)
	if err != nil {
		return err
	}
	st, err := storage.Open(path, storage.Options{Bank: b, ReadOnly: readOnly})
	if err != nil {
		return err
	}
	err = fn(st)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}

// isFileTarget reports whether a FILE|ID argument names a file: an existing
// file, or a name ending in .json (so that a missing file says so).
func isFileTarget(target string) bool {
	st, err := os.Stat(target)
	return err == nil && !st.IsDir() || strings.HasSuffix(target, ".json")
}

// load reads FILE (an interchange file) or ID (an assessment in the
// database), checked against bank b.
func (f *cliFlags) load(b *assessment.Bank, target string) (*assessment.Assessment, error) {
	if isFileTarget(target) {
		a, _, err := f.loadFile(b, target)
		return a, err
	}
	var a *assessment.Assessment
	err := f.withStore(true, b, func(st *storage.Store) (err error) {
		a, err = st.Get(target)
		if errors.Is(err, storage.ErrNotFound) {
			return fmt.Errorf("%q is neither a file nor an assessment ID in %s (see soc2ready list)", target, st.Path())
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := a.CheckBank(b); err != nil {
		return nil, fmt.Errorf("assessment %s was %w", target, err)
	}
	return a, nil
}

// loadFile reads an interchange file checked against bank b, and returns
// its bytes too.
func (f *cliFlags) loadFile(b *assessment.Bank, path string) (*assessment.Assessment, []byte, error) {
	data, err := f.readAssessmentFile(path)
	if err != nil {
		return nil, nil, err
	}
	a, err := assessment.DecodeFile(data, b)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, data, nil
}

// loadAssessment reads FILE or ID (see load) and returns it with the bank to
// score it against.
func (f *cliFlags) loadAssessment(target string) (*assessment.Bank, *assessment.Assessment, error) {
	b, err := f.loadBank()
	if err != nil {
		return nil, nil, err
	}
	a, err := f.load(b, target)
	return b, a, err
}

// parseTarget parses a command's flags and its one FILE|ID argument, loads
// that assessment, and notes on stderr the answers that do not count.
func (f *cliFlags) parseTarget(env *cliEnv, fs *flag.FlagSet, args []string) (*assessment.Bank, *assessment.Assessment, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return nil, nil, err
	}
	target, err := oneTarget(pos, "FILE or ID")
	if err != nil {
		return nil, nil, err
	}
	b, a, err := f.loadAssessment(target)
	if err != nil {
		return nil, nil, err
	}
	noteRetired(env.stderr, b, a)
	return b, a, nil
}

// noteRetired says on w which answers the forecast ignores because the bank
// retired their questions, or no longer has them.
func noteRetired(w io.Writer, b *assessment.Bank, a *assessment.Assessment) {
	if n := assessment.RetiredNotice(b, a); n != "" {
		fmt.Fprintln(w, n)
	}
}

// noArgs parses the flags of a command that takes no arguments.
func noArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	return nil
}

func oneTarget(pos []string, what string) (string, error) {
	if len(pos) != 1 {
		return "", usagef("expected exactly one %s, got %d arguments", what, len(pos))
	}
	return pos[0], nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runBank(env *cliEnv, args []string) error {
	fs, f := newFlags("bank")
	asJSON := fs.Bool("json", false, "print the bank as JSON")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, b)
	}
	retired := 0
	for _, q := range b.Questions {
		if q.Retired {
			retired++
		}
	}
	fmt.Fprintf(env.stdout, "%s %s: %d questions", b.ID, b.Version, len(b.Questions))
	if retired > 0 {
		fmt.Fprintf(env.stdout, " (%d retired)", retired)
	}
	fmt.Fprintln(env.stdout, ", valid")
	for _, ar := range b.Areas {
		n := 0
		for _, q := range b.Questions {
			if q.Area == ar.ID && !q.Retired {
				n++
			}
		}
		fmt.Fprintf(env.stdout, "  %-30s %3d\n", ar.Name, n)
	}
	return nil
}

func runList(env *cliEnv, args []string) error {
	fs, f := newFlags("list")
	asJSON := fs.Bool("json", false, "print the list as JSON")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	return f.withStore(true, b, func(st *storage.Store) error {
		rows, err := st.List()
		if err != nil {
			return err
		}
		if *asJSON {
			type row struct {
				ID         string    `json:"id"`
				Company    string    `json:"company"`
				ReportType string    `json:"report_type"`
				Updated    time.Time `json:"updated"`
				Answered   int       `json:"answered"`
				Applicable int       `json:"applicable"`
				Readiness  float64   `json:"readiness"`
			}
			out := []row{}
			for _, r := range rows {
				out = append(out, row{r.ID, r.Company, string(r.ReportType), r.Updated, r.Answered, r.Applicable, r.Readiness})
			}
			return writeJSON(env.stdout, out)
		}
		tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tCOMPANY\tTYPE\tUPDATED\tANSWERED\tREADINESS")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d/%d\t%.0f\n", r.ID, r.Company, r.ReportType, r.Updated.Local().Format("2006-01-02 15:04"), r.Answered, r.Applicable, r.Readiness)
		}
		return tw.Flush()
	})
}

// scoreJSON is the documented, stable shape of `score --json`.
type scoreJSON struct {
	Readiness      float64            `json:"readiness"`
	Answered       int                `json:"answered"`
	Applicable     int                `json:"applicable"`
	Coverage       float64            `json:"coverage"`
	Expected       float64            `json:"expected_exceptions"`
	ExpectedRange  [2]int             `json:"expected_exceptions_range"`
	CleanChance    float64            `json:"clean_report_probability"`
	Opinion        assessment.Opinion `json:"opinion"`
	OpinionReason  string             `json:"opinion_reason"`
	CriteriaAtRisk []criterionJSON    `json:"criteria_at_risk"`
	Verdict        assessment.Verdict `json:"verdict"`
	VerdictReason  string             `json:"verdict_reason"`
	Recommendation recommendJSON      `json:"recommendation"`
	Areas          []areaJSON         `json:"areas"`
	Exceptions     []exceptionJSON    `json:"exceptions"`
}

// recommendJSON is the report type and period to aim for; report_type and
// start are empty until enough is answered.
type recommendJSON struct {
	ReportType assessment.ReportType `json:"report_type"`
	Start      assessment.Date       `json:"start"`
	Months     int                   `json:"months,omitempty"`
	Text       string                `json:"text"`
}

type criterionJSON struct {
	Criterion string                    `json:"criterion"`
	State     assessment.CriterionState `json:"state"`
	Questions []string                  `json:"questions"`
	Reason    string                    `json:"reason"`
}

// areaJSON's readiness is null for an area with no answer: unknown, not 0.
type areaJSON struct {
	Area       string   `json:"area"`
	Name       string   `json:"name"`
	Readiness  *float64 `json:"readiness"`
	Answered   int      `json:"answered"`
	Applicable int      `json:"applicable"`
}

type exceptionJSON struct {
	Question    string             `json:"question"`
	Title       string             `json:"title"`
	Area        string             `json:"area"`
	Criteria    []string           `json:"criteria"`
	Probability float64            `json:"probability"`
	Impact      int                `json:"impact"`
	Kind        assessment.Finding `json:"kind"`
	Counted     bool               `json:"counted"`
	Sample      int                `json:"sample"`
	Population  *int               `json:"population,omitempty"`
	Reason      string             `json:"reason"`
}

// round4 keeps JSON numbers short and stable across platforms.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func toScoreJSON(f assessment.Forecast, r assessment.Recommendation) scoreJSON {
	out := scoreJSON{
		Readiness: f.Readiness, Answered: f.Answered, Applicable: f.Applicable, Coverage: round4(f.Coverage),
		Expected: round4(f.Expected), ExpectedRange: f.ExpectedRange, CleanChance: round4(f.CleanChance),
		Opinion: f.Opinion, OpinionReason: f.OpinionReason, CriteriaAtRisk: []criterionJSON{},
		Verdict: f.Verdict, VerdictReason: f.VerdictReason,
		Recommendation: recommendJSON{r.ReportType, r.Start, r.Months, r.Text},
		Areas:          []areaJSON{}, Exceptions: []exceptionJSON{},
	}
	for _, c := range f.AtRisk() {
		out.CriteriaAtRisk = append(out.CriteriaAtRisk, criterionJSON{c.Criterion.ID, c.State, c.Gaps, c.Reason})
	}
	for _, a := range f.Areas {
		row := areaJSON{Area: a.Area, Name: a.Name, Answered: a.Answered, Applicable: a.Applicable}
		if a.Scored() {
			r := a.Readiness
			row.Readiness = &r
		}
		out.Areas = append(out.Areas, row)
	}
	for _, it := range f.Exceptions() {
		q := it.Question
		e := exceptionJSON{q.ID, q.Title, q.Area, q.Criteria, round4(it.Probability), q.Impact, it.Finding, it.Counted, it.Sample, nil, it.Reason}
		if it.PopulationSize > 0 || it.NotTested {
			n := it.PopulationSize
			e.Population = &n
		}
		out.Exceptions = append(out.Exceptions, e)
	}
	return out
}

func runScore(env *cliEnv, args []string) error {
	fs, f := newFlags("score")
	asJSON := fs.Bool("json", false, "print the forecast as JSON")
	b, a, err := f.parseTarget(env, fs, args)
	if err != nil {
		return err
	}
	fc := assessment.Score(b, a)
	now, err := today()
	if err != nil {
		return err
	}
	day := assessment.DateOf(now)
	rec := assessment.Recommend(fc, assessment.BuildPlan(fc, a, day), day)
	if *asJSON {
		return writeJSON(env.stdout, toScoreJSON(fc, rec))
	}
	w := env.stdout
	fmt.Fprintf(w, "%s — %s\n\n", a.Company, fc.Verdict.Label())
	fmt.Fprintf(w, "%s\n\n", fc.VerdictReason)
	fmt.Fprintf(w, "Opinion forecast              %s\n", fc.Opinion.Label())
	fmt.Fprintf(w, "                              %s\n", fc.OpinionReason)
	fmt.Fprintf(w, "Answered                      %d of %d (%.0f%%)\n", fc.Answered, fc.Applicable, 100*fc.Coverage)
	fmt.Fprintf(w, "Readiness (over answered)     %5.1f / 100\n", fc.Readiness)
	fmt.Fprintf(w, "Reportable exceptions         %5.1f  (10–90%%: %d–%d)\n", fc.Expected, fc.ExpectedRange[0], fc.ExpectedRange[1])
	fmt.Fprintf(w, "Chance of no exceptions       %5s\n", assessment.Percent(fc.CleanChance))
	fmt.Fprintf(w, "Recommended                   %s\n\n", rec.Text)
	if risk := fc.AtRisk(); len(risk) > 0 {
		fmt.Fprintf(w, "Criteria at risk (%d)\n", len(risk))
		for _, c := range risk {
			fmt.Fprintf(w, "  %-6s %-8s %s\n", c.Criterion.ID, c.State.Label(), c.Reason)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Readiness per area")
	for _, ar := range fc.Areas {
		score := "    —"
		if ar.Scored() {
			score = fmt.Sprintf("%5.1f", ar.Readiness)
		}
		fmt.Fprintf(w, "  %-30s %s  (%d/%d answered)\n", ar.Name, score, ar.Answered, ar.Applicable)
	}
	exc := fc.Exceptions()
	fmt.Fprintf(w, "\nFindings (%d), most serious first\n", len(exc))
	for _, it := range exc {
		fmt.Fprintf(w, "  %-7s %4s  impact %d  %-9s %s\n          %s\n", it.Question.ID, assessment.Percent(it.Probability), it.Question.Impact, it.Finding, it.Question.Title, it.Reason)
	}
	return nil
}

// today is the CLI's clock for plans and reports; SOC2READY_TODAY=YYYY-MM-DD
// pins it so scripts and tests get the same output every day.
func today() (time.Time, error) {
	if s := os.Getenv("SOC2READY_TODAY"); s != "" {
		d, err := assessment.ParseDate(s)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOC2READY_TODAY: %w", err)
		}
		return d.Time, nil
	}
	return time.Now(), nil
}

func runPlan(env *cliEnv, args []string) error {
	fs, f := newFlags("plan")
	asCSV := fs.Bool("csv", false, "print the plan as CSV")
	b, a, err := f.parseTarget(env, fs, args)
	if err != nil {
		return err
	}
	now, err := today()
	if err != nil {
		return err
	}
	plan := assessment.BuildPlan(assessment.Score(b, a), a, assessment.DateOf(now))
	if *asCSV {
		return report.WritePlanCSV(env.stdout, plan)
	}
	w := env.stdout
	fmt.Fprintf(w, "Remediation plan for %s", a.Company)
	if !plan.Deadline.IsZero() {
		fmt.Fprintf(w, " — controls operating by %s", plan.Deadline)
	}
	fmt.Fprintf(w, "\n%d actions\n\n", len(plan.Actions))
	for _, act := range plan.Actions {
		late := ""
		if act.Late {
			late = "  LATE: start now"
		}
		fmt.Fprintf(w, "%3d. [%s] %s (%s)\n     owner %s · due %s · effort %s · %s chance of exception%s\n",
			act.Priority, act.Question.ID, act.Action, strings.Join(act.Question.Criteria, ", "),
			act.Owner, act.Due, act.Effort, assessment.Percent(act.Probability), late)
	}
	return nil
}

// needOutput checks the -o flag of a command that writes a file.
func needOutput(out string) error {
	if out == "" {
		return usagef("-o FILE is required")
	}
	return nil
}

func runReport(env *cliEnv, args []string) error {
	return runPDF(env, "report", args, func(b *assessment.Bank, a *assessment.Assessment, paper report.Paper, now time.Time, w io.Writer) error {
		return report.Render(report.Build(b, a, now), paper, w)
	})
}

func runQuestionnaire(env *cliEnv, args []string) error {
	return runPDF(env, "questionnaire", args, report.RenderQuestionnaire)
}

// runPDF is the body of the commands that print one assessment as a PDF:
// FILE|ID, -o OUT.pdf (written atomically) and --paper.
func runPDF(env *cliEnv, name string, args []string, render func(*assessment.Bank, *assessment.Assessment, report.Paper, time.Time, io.Writer) error) error {
	job, err := parsePrint(env, name, args, nil)
	if err != nil {
		return err
	}
	return job.f.writeOutput(env, job.out, func(w io.Writer) error { return render(job.b, job.a, job.paper, job.now, w) })
}

// printJob is what a command that prints one assessment has parsed: the
// assessment and its bank, -o, --paper and the date it is printed on.
type printJob struct {
	f     *cliFlags
	b     *assessment.Bank
	a     *assessment.Assessment
	out   string
	paper report.Paper
	now   time.Time
}

// parsePrint parses FILE|ID, -o and --paper (and the flags extra adds), and
// loads the assessment.
func parsePrint(env *cliEnv, name string, args []string, extra func(*flag.FlagSet)) (printJob, error) {
	fs, f := newFlags(name)
	out := fs.String("o", "", "the file to write")
	paperFlag := fs.String("paper", "a4", "paper size: a4 or letter")
	if extra != nil {
		extra(fs)
	}
	job := printJob{f: f}
	var err error
	if job.b, job.a, err = f.parseTarget(env, fs, args); err != nil {
		return job, err
	}
	if err := needOutput(*out); err != nil {
		return job, err
	}
	if job.paper, err = report.ParsePaper(*paperFlag); err != nil {
		return job, usagef("%v", err)
	}
	job.out = *out
	job.now, err = today()
	return job, err
}

func runExport(env *cliEnv, args []string) error {
	fs, f := newFlags("export")
	out := fs.String("o", "", "the file to write (with --csv, stdout when omitted)")
	asXLSX := fs.Bool("xlsx", false, "write a spreadsheet: the answers to fill in, the plan, how to fill it")
	asCSV := fs.Bool("csv", false, "write the answers as CSV")
	b, a, err := f.parseTarget(env, fs, args)
	if err != nil {
		return err
	}
	switch {
	case *asXLSX && *asCSV:
		return usagef("choose --xlsx or --csv, not both")
	case *asCSV && *out == "":
		*out = "-"
	}
	if err := needOutput(*out); err != nil {
		return err
	}
	now, err := today()
	if err != nil {
		return err
	}
	return f.writeOutput(env, *out, func(w io.Writer) error {
		switch {
		case *asXLSX:
			return report.WriteXLSX(w, b, a, now)
		case *asCSV:
			return report.WriteAnswersCSV(w, b, a)
		}
		data, err := assessment.EncodeFile(a)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
}

// runImportXLSX reads answers from a filled-in spreadsheet into an assessment
// in the database or an interchange file. Every row is checked first; if any
// has a problem, all are listed and nothing changes.
func runImportXLSX(env *cliEnv, args []string) error {
	fs, f := newFlags("import-xlsx")
	into := fs.String("into", "", "the assessment ID or interchange FILE to update")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	file, err := oneTarget(pos, "FILE.xlsx")
	if err != nil {
		return err
	}
	if *into == "" {
		return usagef("--into ID|FILE is required")
	}
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	// a file is rewritten from its own bytes, so that fields this version
	// does not know survive (assessment.UpdateFile)
	var a *assessment.Assessment
	var orig []byte
	if isFileTarget(*into) {
		a, orig, err = f.loadFile(b, *into)
	} else {
		a, err = f.load(b, *into)
	}
	if err != nil {
		return err
	}
	// The file updated is read too, but writing it is the point.
	f.inputs = slices.DeleteFunc(f.inputs, func(p string) bool { return p == *into })
	in, err := f.openInput(file)
	if err != nil {
		return err
	}
	defer in.Close()
	answers, rowErrs, err := report.ReadAnswersXLSX(in, b)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if len(rowErrs) > 0 {
		for _, e := range rowErrs {
			fmt.Fprintf(env.stderr, "%s: %s\n", file, e)
		}
		return fmt.Errorf("%s: %d problems in the sheet; nothing was imported", file, len(rowErrs))
	}
	// Only answers that differ get a new Changed time: merges rely on it.
	changed := map[string]assessment.Answer{}
	now := time.Now().UTC()
	for id, ans := range answers {
		old := a.Answers[id]
		old.Changed = time.Time{}
		if old != ans {
			ans.Changed = now
			changed[id] = ans
		}
	}
	if len(changed) > 0 {
		if isFileTarget(*into) {
			maps.Copy(a.Answers, changed)
			data, err := assessment.UpdateFile(orig, a)
			if err != nil {
				return err
			}
			if err := f.writeOutput(env, *into, writeBytes(data)); err != nil {
				return err
			}
		} else if err := f.withStore(false, b, func(st *storage.Store) error { return st.SaveAnswers(a.ID, changed) }); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.stdout, "%d answers changed, %d unchanged\n", len(changed), len(answers)-len(changed))
	return nil
}

func runImport(env *cliEnv, args []string) error {
	fs, f := newFlags("import")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	file, err := oneTarget(pos, "FILE")
	if err != nil {
		return err
	}
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	data, err := f.readAssessmentFile(file)
	if err != nil {
		return err
	}
	return f.withStore(false, b, func(st *storage.Store) error {
		id, err := st.Import(data, b)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		fmt.Fprintln(env.stdout, id)
		return nil
	})
}

func runBackup(env *cliEnv, args []string) error {
	fs, f := newFlags("backup")
	out := fs.String("o", "", "the backup file to write")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if err := needOutput(*out); err != nil {
		return err
	}
	return f.withStore(true, nil, func(st *storage.Store) error {
		if *out == "-" {
			_, err := st.Backup(env.stdout)
			return err
		}
		return st.BackupTo(*out)
	})
}

// mergeJSON is the documented, stable shape of `merge --json`.
type mergeJSON struct {
	Output    string         `json:"output"`
	Conflicts []conflictJSON `json:"conflicts"`
}

type conflictJSON struct {
	Kind     assessment.ConflictKind `json:"kind"` // answer | scope
	Question string                  `json:"question,omitempty"`
	Differs  []string                `json:"differs,omitempty"`
	Versions []versionJSON           `json:"versions"`
	Kept     string                  `json:"kept"`
}

type versionJSON struct {
	File    string             `json:"file"`
	Changed time.Time          `json:"changed,omitzero"`
	Answer  *assessment.Answer `json:"answer,omitempty"`
	Scope   *assessment.Scope  `json:"scope,omitempty"`
}

func runMerge(env *cliEnv, args []string) error {
	fs, f := newFlags("merge")
	out := fs.String("o", "", "the merged interchange file to write")
	asJSON := fs.Bool("json", false, "print the output file and the conflicts as JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usagef("expected two or more files to merge, got %d", len(pos))
	}
	if err := needOutput(*out); err != nil {
		return err
	}
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	files, err := f.loadForMerge(b, pos)
	if err != nil {
		return err
	}
	merged, conflicts, err := assessment.Merge(b, files...)
	if me := (*assessment.MergeError)(nil); errors.As(err, &me) {
		return fmt.Errorf("%s and %s cannot be merged: %s", pos[me.A], pos[me.B], me.Reason)
	}
	if err != nil {
		return err
	}
	data, err := assessment.EncodeFile(merged)
	if err != nil {
		return err
	}
	if err := f.writeOutput(env, *out, writeBytes(data)); err != nil {
		return err
	}
	w := reportTo(env, *out)
	if *asJSON {
		res := mergeJSON{Output: *out, Conflicts: []conflictJSON{}}
		for _, c := range conflicts {
			res.Conflicts = append(res.Conflicts, toConflictJSON(c, pos))
		}
		return writeJSON(w, res)
	}
	for _, c := range conflicts {
		fmt.Fprintln(w, conflictLine(c, pos))
	}
	return nil
}

// loadForMerge reads every FILE|ID to merge. Files made with different
// banks are refused naming two of them, before any other problem: loading
// the bank of one would not help.
func (f *cliFlags) loadForMerge(b *assessment.Bank, targets []string) ([]*assessment.Assessment, error) {
	files := make([]*assessment.Assessment, len(targets))
	refs := make([]assessment.BankRef, len(targets))
	var mismatch error
	for i, t := range targets {
		a, err := f.load(b, t)
		if bm := (*assessment.BankMismatchError)(nil); errors.As(err, &bm) {
			refs[i] = bm.Made
			mismatch = cmp.Or(mismatch, err)
			continue
		}
		if err != nil {
			return nil, err
		}
		files[i], refs[i] = a, a.Bank
	}
	if me := (*assessment.MergeError)(nil); errors.As(assessment.CheckMergeBanks(refs), &me) {
		return nil, fmt.Errorf("%s and %s cannot be merged: %s", targets[me.A], targets[me.B], me.Reason)
	}
	return files, mismatch
}

// when is a conflict version's time, in UTC so that output is the same on
// every machine.
func when(t time.Time) string {
	if t.IsZero() {
		return "time unknown"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// conflictLine is one conflict for people, as in
// "CONFLICT AC-10: A.json says implemented/complete/mostly (2026-11-02 10:00),
// B.json says partial/partial/sometimes (2026-11-03 09:12); kept B.json".
func conflictLine(c assessment.Conflict, names []string) string {
	what, says := c.Question, [2]string{}
	for i, v := range c.Versions {
		says[i] = v.Answer.Summary()
		if c.Kind == assessment.ScopeConflict {
			says[i] = v.Scope.Summary()
		}
	}
	if c.Kind == assessment.ScopeConflict {
		what = "scope"
	}
	v0, v1 := c.Versions[0], c.Versions[1]
	line := fmt.Sprintf("CONFLICT %s: %s says %s (%s), %s says %s (%s)",
		what, names[v0.File], says[0], when(v0.Changed), names[v1.File], says[1], when(v1.Changed))
	if says[0] == says[1] && len(c.Differs) > 0 {
		line += ", differing in " + strings.Join(c.Differs, ", ")
	}
	return line + "; kept " + names[c.Kept]
}

func toConflictJSON(c assessment.Conflict, names []string) conflictJSON {
	out := conflictJSON{Kind: c.Kind, Question: c.Question, Differs: c.Differs, Kept: names[c.Kept]}
	for _, v := range c.Versions {
		vj := versionJSON{File: names[v.File], Changed: v.Changed}
		if c.Kind == assessment.ScopeConflict {
			vj.Scope = &v.Scope
			if vj.Scope.Categories == nil {
				vj.Scope.Categories = []assessment.Category{} // [] as in the file, never null
			}
		} else {
			vj.Answer = &v.Answer
		}
		out.Versions = append(out.Versions, vj)
	}
	return out
}

// snapshotRef is one side of compare: an assessment (FILE or ID) now, or a
// snapshot of its history after an @: the n-th (1 is the oldest), the last
// taken on or before a day (YYYY-MM-DD, UTC), or the latest.
type snapshotRef struct {
	target string
	at     string          // as written after the @; "" means now
	index  int             // @N
	day    assessment.Date // @YYYY-MM-DD
	latest bool            // @latest
}

// parseSnapshotRef reads TARGET or TARGET@SNAPSHOT. The last @ separates
// them, so a target may hold @ itself; a name that is an existing file is
// never split (compare checks that first).
func parseSnapshotRef(s string) (snapshotRef, error) {
	i := strings.LastIndexByte(s, '@')
	if i < 0 {
		if s == "" {
			return snapshotRef{}, usagef("an empty assessment reference")
		}
		return snapshotRef{target: s}, nil
	}
	r := snapshotRef{target: s[:i], at: s[i+1:]}
	if r.target == "" {
		return r, usagef("%q names no assessment before the @", s)
	}
	bad := func() error {
		return usagef("%q: after the @ write a snapshot number (1 is the oldest), a date YYYY-MM-DD or latest", s)
	}
	switch {
	case r.at == "latest":
		r.latest = true
	case r.at != "" && strings.Trim(r.at, "0123456789") == "":
		n, err := strconv.Atoi(r.at)
		if err != nil || n < 1 {
			return r, bad()
		}
		r.index = n
	default:
		d, err := assessment.ParseDate(r.at)
		if err != nil || r.at == "" {
			return r, bad()
		}
		r.day = d
	}
	return r, nil
}

// pick returns the snapshot the reference names in history (in any order;
// it is sorted by time first) and its 1-based position.
func (r snapshotRef) pick(history []assessment.Snapshot) (assessment.Snapshot, int, error) {
	h := slices.Clone(history)
	slices.SortStableFunc(h, func(x, y assessment.Snapshot) int { return x.Taken.Compare(y.Taken) })
	n := len(h)
	switch {
	case n == 0:
		return assessment.Snapshot{}, 0, fmt.Errorf("%s has no snapshots yet, so there is no snapshot %s", r.target, r.at)
	case r.latest:
		return h[n-1], n, nil
	case r.index > n:
		return assessment.Snapshot{}, 0, fmt.Errorf("%s has %d snapshot(s): there is no snapshot %d", r.target, n, r.index)
	case r.index > 0:
		return h[r.index-1], r.index, nil
	}
	for i := n - 1; i >= 0; i-- {
		if !assessment.DateOf(h[i].Taken.UTC()).After(r.day.Time) {
			return h[i], i + 1, nil
		}
	}
	return assessment.Snapshot{}, 0, fmt.Errorf("%s has no snapshot on or before %s: the first was taken on %s", r.target, r.day, assessment.DateOf(h[0].Taken.UTC()))
}

// compareJSON is the documented, stable shape of `compare --json`.
type compareJSON struct {
	From        compareSideJSON   `json:"from"`
	To          compareSideJSON   `json:"to"`
	Areas       []compareAreaJSON `json:"areas"`
	Appeared    []questionJSON    `json:"appeared"`
	Disappeared []questionJSON    `json:"disappeared"`
	// Detailed is false when a snapshot lacks per-question detail, so that
	// appeared and disappeared are unknown (and empty).
	Detailed bool `json:"detailed"`
}

type compareSideJSON struct {
	Label      string  `json:"label"`
	Readiness  float64 `json:"readiness"`
	Expected   float64 `json:"expected_exceptions"`
	Answered   int     `json:"answered"`
	Applicable int     `json:"applicable"`
}

// compareAreaJSON: from or to is null where the area had nothing applicable.
type compareAreaJSON struct {
	Area string   `json:"area"`
	Name string   `json:"name"`
	From *float64 `json:"from"`
	To   *float64 `json:"to"`
}

type questionJSON struct {
	Question string `json:"question"`
	Title    string `json:"title"`
}

func runCompare(env *cliEnv, args []string) error {
	fs, f := newFlags("compare")
	asJSON := fs.Bool("json", false, "print the comparison as JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("expected two assessments to compare (FILE, ID or ID@snapshot), got %d arguments", len(pos))
	}
	refs := make([]snapshotRef, 2)
	for i, p := range pos {
		if isFileTarget(p) {
			refs[i] = snapshotRef{target: p}
		} else if refs[i], err = parseSnapshotRef(p); err != nil {
			return err
		}
	}
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	now, err := today()
	if err != nil {
		return err
	}
	var snaps [2]assessment.Snapshot
	var labels, companies [2]string
	for i, r := range refs {
		a, err := f.load(b, r.target)
		if err != nil {
			return err
		}
		companies[i] = a.Company
		if r.at == "" {
			snaps[i] = assessment.Score(b, a).Snapshot(now, "")
			labels[i] = a.Company + ", now"
			continue
		}
		s, n, err := r.pick(a.History)
		if err != nil {
			return err
		}
		snaps[i] = s
		labels[i] = fmt.Sprintf("%s, snapshot %d (%s", a.Company, n, when(s.Taken))
		if l := strings.TrimSpace(s.Label); l != "" {
			labels[i] += ", " + l
		}
		labels[i] += ")"
	}
	if !assessment.SameCompany(companies[0], companies[1]) {
		fmt.Fprintf(env.stderr, "Comparing two different companies: %s and %s.\n", companies[0], companies[1])
	}
	c := assessment.Compare(snaps[0], snaps[1], b)
	if *asJSON {
		return writeJSON(env.stdout, toCompareJSON(c, labels))
	}
	fmt.Fprintf(env.stdout, "From: %s\nTo:   %s\n\n%s", labels[0], labels[1], c.Text())
	return nil
}

func toCompareJSON(c assessment.Comparison, labels [2]string) compareJSON {
	side := func(s assessment.Snapshot, label string) compareSideJSON {
		return compareSideJSON{label, s.Readiness, round4(s.Expected), s.Answered, s.Applicable}
	}
	out := compareJSON{
		From: side(c.From, labels[0]), To: side(c.To, labels[1]), Detailed: c.Detailed,
		Areas: []compareAreaJSON{}, Appeared: questionsJSON(c.Appeared), Disappeared: questionsJSON(c.Disappeared),
	}
	for _, a := range c.Areas {
		aj := compareAreaJSON{Area: a.Area, Name: a.Name}
		if a.InFrom {
			aj.From = &a.From
		}
		if a.InTo {
			aj.To = &a.To
		}
		out.Areas = append(out.Areas, aj)
	}
	return out
}

func questionsJSON(qs []assessment.Question) []questionJSON {
	out := []questionJSON{}
	for _, q := range qs {
		out = append(out, questionJSON{q.ID, q.Title})
	}
	return out
}
