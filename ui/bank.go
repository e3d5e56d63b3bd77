package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"soc2ready/assessment"
	store "soc2ready/storage"
)

// Question banks. The app uses the built-in bank, or a custom bank file a
// consultant loads in Settings; the file's path is remembered (prefBankPath)
// and loaded again at start. A custom bank is checked by the same validator
// as the built-in one, and one with problems changes nothing. New
// assessments record the bank they were made with; one made with another
// bank (another ID) opens only once that bank is loaded.

// readBank reads and validates a bank file.
func readBank(path string) (*assessment.Bank, error) {
	data, err := store.ReadInput(path, assessment.MaxBankSize)
	if err != nil {
		return nil, err
	}
	return assessment.ParseBank(data)
}

// startBank picks the bank the app starts with: the file chosen in
// Settings, else the built-in bank. A chosen file that no longer loads is
// kept in the preferences (the user may fix it) and the reason is shown on
// Home; the built-in bank is used meanwhile.
func (u *App) startBank() {
	u.bank = builtinBank()
	path := u.fy.Preferences().String(prefBankPath)
	if path == "" {
		return
	}
	b, err := readBank(path)
	if err != nil {
		u.bankErr, u.bankErrPath = err, path
		return
	}
	u.bank, u.bankPath = b, path
}

// chooseBankFile asks for a bank file and loads it; after runs once it is
// in use.
func chooseBankFile(u *App, after func()) {
	openDialog(u, []string{".yaml", ".yml", ".json"}, func(path string) { u.loadBankPath(path, after) })
}

// loadBankPath reads and validates a bank file off the UI goroutine. A bank
// with problems is shown with every problem, by question, and changes
// nothing; a good one is used from now on (see useBank), then after runs.
func (u *App) loadBankPath(path string, after func()) {
	var b *assessment.Bank
	var readErr error
	u.runLong("Loading the question bank…", func() error {
		b, readErr = readBank(path)
		return nil
	}, func() {
		if readErr != nil {
			u.showBankError(path, readErr)
			return
		}
		u.useBank(b, path)
		if after != nil {
			after()
		}
		dialog.ShowInformation("Question bank loaded",
			fmt.Sprintf("Now using %s.\n\nNew assessments are made with it. Assessments made with another bank\nopen again once that bank is loaded.", bankName(b, path)), u.win)
	})
}

// useBank makes b (read from path, "" for the built-in bank) the bank in
// use and remembers the choice. The open assessment is closed and the
// database opened again, so that the list is scored with the new bank.
func (u *App) useBank(b *assessment.Bank, path string) {
	u.leaveWorkspace()
	u.fy.Preferences().SetString(prefBankPath, path)
	u.bank, u.bankPath = b, path
	u.bankErr, u.bankErrPath = nil, ""
	u.openDatabase(u.dbPath)
	u.ShowHome()
}

// useBuiltinBank goes back to the built-in bank.
func (u *App) useBuiltinBank() {
	u.useBank(builtinBank(), "")
}

// showBankError says why a bank file was not loaded: every problem, by
// question, for a bank that does not validate.
func (u *App) showBankError(path string, err error) {
	var invalid *assessment.ValidationError
	switch {
	case errors.As(err, &invalid):
		intro := fmt.Sprintf("%s was not loaded: it has %s. Nothing was changed; soc2ready keeps using %s.\n"+
			"Fix these in the file, then load it again.", filepath.Base(path), plural(len(invalid.Problems), "problem", "problems"), bankName(u.bank, u.bankPath))
		u.showProblems("This question bank has problems", intro, bankProblems(invalid))
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission):
		u.showError("Could not load the question bank", err)
	default:
		u.showErrorText("Could not load the question bank", badBankWords(path, err))
	}
}

// badBankWords explains a file that is not a question bank at all.
func badBankWords(path string, err error) string {
	return fmt.Sprintf("%s is not a question bank soc2ready can read, and nothing was changed. "+
		"A bank is a YAML or JSON file laid out like the built-in one (soc2ready bank --json prints it).\n\nWhat is wrong: %s",
		filepath.Base(path), strings.TrimPrefix(err.Error(), "read question bank: "))
}

// bankProblems groups a bank's problems by question, the bank's own first.
func bankProblems(e *assessment.ValidationError) []problemGroup {
	var groups []problemGroup
	at := map[string]int{}
	for _, p := range e.Problems {
		heading := "Question " + p.Question
		if p.Question == "" {
			heading = "The bank itself"
		}
		i, ok := at[heading]
		if !ok {
			i = len(groups)
			at[heading] = i
			groups = append(groups, problemGroup{heading: heading})
		}
		groups[i].lines = append(groups[i].lines, p.Field+": "+p.Problem)
	}
	return groups
}

// bankStartProblem says on Home why the bank chosen in Settings was not
// loaded at start; "" when it was.
func (u *App) bankStartProblem() string {
	if u.bankErr == nil {
		return ""
	}
	var why string
	var invalid *assessment.ValidationError
	switch {
	case errors.As(u.bankErr, &invalid):
		why = "it has " + plural(len(invalid.Problems), "problem", "problems") + " (Details… lists them)"
	case errors.Is(u.bankErr, fs.ErrNotExist):
		why = "the file is no longer there"
	case errors.Is(u.bankErr, fs.ErrPermission):
		why = "you are not allowed to read it"
	default:
		why = strings.TrimPrefix(u.bankErr.Error(), "read question bank: ")
	}
	return fmt.Sprintf("The question bank chosen in Settings could not be loaded: %s.\nFile: %s\n"+
		"soc2ready is using the built-in bank (%s %s) meanwhile. Fix the file and load it again in Settings, or choose \"Use the built-in bank\" there.",
		why, u.bankErrPath, u.bank.ID, u.bank.Version)
}

// bankWords names a bank for people: "built-in: soc2ready-core 2027.01 (158
// questions)", or a custom one with its file.
func bankWords(b *assessment.Bank, path string) string {
	n := 0
	for _, q := range b.Questions {
		if !q.Retired {
			n++
		}
	}
	if path == "" {
		return fmt.Sprintf("built-in: %s %s (%d questions)", b.ID, b.Version, n)
	}
	return fmt.Sprintf("%s %s (%d questions), from %s", b.ID, b.Version, n, path)
}

// bankName names a bank in a sentence: "the built-in bank soc2ready-core
// 2026.11", or "the bank lite-workshop 2 (from lite.yaml)".
func bankName(b *assessment.Bank, path string) string {
	if path == "" {
		return fmt.Sprintf("the built-in bank %s %s", b.ID, b.Version)
	}
	return fmt.Sprintf("the bank %s %s (from %s)", b.ID, b.Version, filepath.Base(path))
}

// bankMismatchWords says which bank to load for an assessment or file made
// with another one.
func bankMismatchWords(e *assessment.BankMismatchError) string {
	made := fmt.Sprintf("%q", e.Made.ID)
	if e.Made.Version != "" {
		made += " (version " + e.Made.Version + ")"
	}
	what := "load that bank in Settings ▸ Question bank ▸ Load a bank file…, then try again."
	if e.Made.ID == builtinBank().ID {
		what = "choose \"Use the built-in bank\" in Settings ▸ Question bank, then try again."
	}
	return fmt.Sprintf("It was made with the question bank %s, and soc2ready is using %q (version %s). "+
		"Its questions are not this bank's, so nothing was opened or changed. To use it, %s",
		made, e.Loaded.ID, e.Loaded.Version, what)
}

// bankAdvice says where the app loads another question bank, for errors
// that loading one solves.
func bankAdvice(err error) string {
	if assessment.IsBankChoice(err) {
		return " (in Settings ▸ Question bank)"
	}
	return ""
}

// plural writes a count with its noun: "1 problem", "3 problems".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
