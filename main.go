// Command soc2ready gets a small company ready for its SOC 2 audit. With no
// arguments it opens the desktop app; with a subcommand it runs headless, for
// scripts, CI and consultants.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
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
	{"export", "ID -o FILE", "write an assessment to an interchange file", runExport},
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
	if len(os.Args) < 2 {
		ui.Run()
		return
	}
	os.Exit(runCLI(&cliEnv{os.Stdout, os.Stderr}, os.Args[1:]))
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
			err := c.run(env, args[1:])
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
	fmt.Fprintln(w, "\nusage:\n  soc2ready                 open the desktop app")
	for _, c := range commands {
		fmt.Fprintf(w, "  soc2ready %-40s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprintln(w, "\nFILE is an interchange file (*.soc2ready.json); ID an assessment in the database.")
	fmt.Fprintln(w, "Every command takes --db PATH (default: $SOC2READY_DB, else the app's own database)")
	fmt.Fprintln(w, "and --bank FILE (a custom question bank). Flags may stand before or after the arguments.")
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
	db   string
	bank string
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
	data, err := os.ReadFile(f.bank)
	if err != nil {
		return nil, fmt.Errorf("read bank: %w", err)
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

// loadAssessment reads FILE (an interchange file) or ID (an assessment in the
// database) and returns it with the bank to score it against.
func (f *cliFlags) loadAssessment(target string) (*assessment.Bank, *assessment.Assessment, error) {
	b, err := f.loadBank()
	if err != nil {
		return nil, nil, err
	}
	if st, err := os.Stat(target); err == nil && !st.IsDir() || strings.HasSuffix(target, ".json") {
		data, err := os.ReadFile(target)
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", target, err)
		}
		a, err := assessment.DecodeFile(data, b)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", target, err)
		}
		return b, a, nil
	}
	var a *assessment.Assessment
	err = f.withStore(true, b, func(st *storage.Store) error {
		a, err = st.Get(target)
		if errors.Is(err, storage.ErrNotFound) {
			return fmt.Errorf("%q is neither a file nor an assessment ID in %s (see soc2ready list)", target, st.Path())
		}
		return err
	})
	return b, a, err
}

// parseTarget parses a command's flags and its one FILE|ID argument, and
// loads that assessment.
func (f *cliFlags) parseTarget(fs *flag.FlagSet, args []string) (*assessment.Bank, *assessment.Assessment, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return nil, nil, err
	}
	target, err := oneTarget(pos, "FILE or ID")
	if err != nil {
		return nil, nil, err
	}
	return f.loadAssessment(target)
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
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, b)
	}
	fmt.Fprintf(env.stdout, "%s %s: %d questions, valid\n", b.ID, b.Version, len(b.Questions))
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
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
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
	Readiness     float64            `json:"readiness"`
	Answered      int                `json:"answered"`
	Applicable    int                `json:"applicable"`
	Expected      float64            `json:"expected_exceptions"`
	CleanChance   float64            `json:"clean_report_probability"`
	Verdict       assessment.Verdict `json:"verdict"`
	VerdictReason string             `json:"verdict_reason"`
	Areas         []areaJSON         `json:"areas"`
	Exceptions    []exceptionJSON    `json:"exceptions"`
}

type areaJSON struct {
	Area       string  `json:"area"`
	Name       string  `json:"name"`
	Readiness  float64 `json:"readiness"`
	Answered   int     `json:"answered"`
	Applicable int     `json:"applicable"`
}

type exceptionJSON struct {
	Question    string   `json:"question"`
	Title       string   `json:"title"`
	Area        string   `json:"area"`
	Criteria    []string `json:"criteria"`
	Probability float64  `json:"probability"`
	Impact      int      `json:"impact"`
	Reason      string   `json:"reason"`
}

// round4 keeps JSON numbers short and stable across platforms.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func toScoreJSON(f assessment.Forecast) scoreJSON {
	out := scoreJSON{
		Readiness: f.Readiness, Answered: f.Answered, Applicable: f.Applicable,
		Expected: round4(f.Expected), CleanChance: round4(f.CleanChance),
		Verdict: f.Verdict, VerdictReason: f.VerdictReason,
		Areas: []areaJSON{}, Exceptions: []exceptionJSON{},
	}
	for _, a := range f.Areas {
		out.Areas = append(out.Areas, areaJSON{a.Area, a.Name, a.Readiness, a.Answered, a.Applicable})
	}
	for _, it := range f.Exceptions() {
		q := it.Question
		out.Exceptions = append(out.Exceptions, exceptionJSON{q.ID, q.Title, q.Area, q.Criteria, round4(it.Probability), q.Impact, it.Reason})
	}
	return out
}

func runScore(env *cliEnv, args []string) error {
	fs, f := newFlags("score")
	asJSON := fs.Bool("json", false, "print the forecast as JSON")
	b, a, err := f.parseTarget(fs, args)
	if err != nil {
		return err
	}
	fc := assessment.Score(b, a)
	if *asJSON {
		return writeJSON(env.stdout, toScoreJSON(fc))
	}
	w := env.stdout
	fmt.Fprintf(w, "%s — %s\n\n", a.Company, fc.Verdict.Label())
	fmt.Fprintf(w, "%s\n\n", fc.VerdictReason)
	fmt.Fprintf(w, "Readiness                     %5.1f / 100\n", fc.Readiness)
	fmt.Fprintf(w, "Answered                      %d of %d\n", fc.Answered, fc.Applicable)
	fmt.Fprintf(w, "Expected exceptions           %5.1f\n", fc.Expected)
	fmt.Fprintf(w, "Chance of no exceptions       %5.1f%%\n\n", 100*fc.CleanChance)
	fmt.Fprintln(w, "Readiness per area")
	for _, ar := range fc.Areas {
		fmt.Fprintf(w, "  %-30s %5.1f  (%d/%d answered)\n", ar.Name, ar.Readiness, ar.Answered, ar.Applicable)
	}
	exc := fc.Exceptions()
	fmt.Fprintf(w, "\nLikely exceptions (%d), most serious first\n", len(exc))
	for _, it := range exc {
		fmt.Fprintf(w, "  %-7s %3.0f%%  impact %d  %s\n          %s\n", it.Question.ID, 100*it.Probability, it.Question.Impact, it.Question.Title, it.Reason)
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
	b, a, err := f.parseTarget(fs, args)
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
		fmt.Fprintf(w, "%3d. [%s] %s (%s)\n     owner %s · due %s · effort %s · %.0f%% chance of exception%s\n",
			act.Priority, act.Question.ID, act.Action, strings.Join(act.Question.Criteria, ", "),
			act.Owner, act.Due, act.Effort, 100*act.Probability, late)
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
	fs, f := newFlags("report")
	out := fs.String("o", "", "the PDF file to write")
	paperFlag := fs.String("paper", "a4", "paper size: a4 or letter")
	b, a, err := f.parseTarget(fs, args)
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
	m := report.Build(b, a, now)
	return storage.WriteFileAtomic(*out, func(w io.Writer) error { return report.Render(m, paper, w) })
}

func runExport(env *cliEnv, args []string) error {
	fs, f := newFlags("export")
	out := fs.String("o", "", "the interchange file to write")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	id, err := oneTarget(pos, "ID")
	if err != nil {
		return err
	}
	if err := needOutput(*out); err != nil {
		return err
	}
	b, err := f.loadBank()
	if err != nil {
		return err
	}
	return f.withStore(true, b, func(st *storage.Store) error { return st.ExportTo(id, *out) })
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
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("read %s: %w", file, err)
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
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if err := needOutput(*out); err != nil {
		return err
	}
	return f.withStore(true, nil, func(st *storage.Store) error { return st.BackupTo(*out) })
}
