// Command mutation summarises a gremlins report for .ci/mutate: the
// efficacy of one package, and every mutant that lived, marked when
// docs/mutation.md lists it as equivalent.
//
//	go run ./.ci/mutation REPORT.json docs/mutation.md PACKAGE THRESHOLD SECONDS
//
// It exits 1 when the efficacy is under THRESHOLD (a percentage).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

type report struct {
	Files []struct {
		FileName  string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
	Efficacy float64 `json:"test_efficacy"`
	Killed   int     `json:"mutants_killed"`
	Lived    int     `json:"mutants_lived"`
	Covered  float64 `json:"mutations_coverage"`
}

// equivalent is one row of docs/mutation.md's table: a mutant that changes
// nothing anyone can observe, found by file, mutation and the text of its
// line (not its number, which moves as the file changes).
type equivalent struct{ file, kind, line string }

func main() {
	if len(os.Args) != 6 {
		fmt.Fprintln(os.Stderr, "usage: mutation REPORT.json docs/mutation.md PACKAGE THRESHOLD SECONDS")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3], os.Args[4], os.Args[5]); err != nil {
		fmt.Fprintln(os.Stderr, "mutation:", err)
		os.Exit(1)
	}
}

func run(reportPath, docPath, pkg, thresholdArg, secondsArg string) error {
	threshold, err := strconv.ParseFloat(thresholdArg, 64)
	if err != nil {
		return fmt.Errorf("threshold %q: %w", thresholdArg, err)
	}
	seconds, err := strconv.Atoi(secondsArg)
	if err != nil {
		return fmt.Errorf("seconds %q: %w", secondsArg, err)
	}
	data, err := os.ReadFile(reportPath)
	if err != nil {
		return err
	}
	var r report
	if err := json.Unmarshal(data, &r); err != nil {
		return fmt.Errorf("%s: %w", reportPath, err)
	}
	known, err := readEquivalents(docPath)
	if err != nil {
		return err
	}

	var lived, perFile []string
	listed, timedOut, notCovered := 0, 0, 0
	for _, f := range r.Files {
		killed, survived := 0, 0
		path := filepath.ToSlash(filepath.Join(pkg, filepath.Base(f.FileName)))
		lines, err := readLines(path)
		if err != nil {
			return err
		}
		for _, m := range f.Mutations {
			switch m.Status {
			case "KILLED":
				killed++
			case "TIMED OUT":
				timedOut++
			case "NOT COVERED":
				notCovered++
			case "LIVED":
				survived++
				text := ""
				if m.Line >= 1 && m.Line <= len(lines) {
					text = strings.TrimSpace(lines[m.Line-1])
				}
				mark := "NOT LISTED: kill it with a test, or list it in " + docPath
				if known[equivalent{path, m.Type, text}] {
					mark = "equivalent (" + docPath + ")"
					listed++
				}
				lived = append(lived, fmt.Sprintf("  %s:%d:%d %s  %s\n      %s", path, m.Line, m.Column, m.Type, text, mark))
			}
		}
		if killed+survived > 0 {
			perFile = append(perFile, fmt.Sprintf("  %-28s %5.1f%% (%d killed, %d lived)", path, 100*float64(killed)/float64(killed+survived), killed, survived))
		}
	}
	sort.Strings(lived)
	sort.Strings(perFile)

	fmt.Printf("%s: efficacy %.1f%% (%d killed, %d lived, of which %d listed as equivalent; %d timed out, %d not covered; mutant coverage %.1f%%) in %s\n",
		pkg, r.Efficacy, r.Killed, r.Lived, listed, timedOut, notCovered, r.Covered, time.Duration(seconds)*time.Second)
	if r.Killed+r.Lived-listed > 0 {
		fmt.Printf("%s: efficacy without the equivalent mutants %.1f%%\n", pkg, 100*float64(r.Killed)/float64(r.Killed+r.Lived-listed))
	}
	fmt.Println("per file:")
	fmt.Println(strings.Join(perFile, "\n"))
	if len(lived) > 0 {
		fmt.Println("lived:")
		fmt.Println(strings.Join(lived, "\n"))
	}
	if r.Efficacy < threshold {
		return fmt.Errorf("%s: efficacy %.1f%% is under %.0f%%", pkg, r.Efficacy, threshold)
	}
	return nil
}

// readEquivalents reads the rows of the tables in docPath whose first three
// cells are `file`, `mutation type` and `line text`.
func readEquivalents(docPath string) (map[equivalent]bool, error) {
	f, err := os.Open(docPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	known := map[equivalent]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// A | inside a cell is written \| (Markdown tables need it).
		cells := strings.Split(strings.ReplaceAll(sc.Text(), `\|`, "\x00"), "|")
		if len(cells) < 5 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		unquote := func(s string) string {
			return strings.ReplaceAll(strings.Trim(strings.TrimSpace(s), "`"), "\x00", "|")
		}
		known[equivalent{unquote(cells[1]), unquote(cells[2]), unquote(cells[3])}] = true
	}
	return known, sc.Err()
}

func readLines(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return strings.Split(string(data), "\n"), nil
}
