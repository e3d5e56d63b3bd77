package storage

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"soc2ready/assessment"
)

// These tests run the test binary again as a child process (the usual
// os/exec helper-process trick): the child is selected with -test.run and
// an environment variable, and does nothing when run normally.
const (
	envChild   = "SOC2READY_STORAGE_CHILD" // "crash", "lock" or "exit"
	envChildDB = "SOC2READY_STORAGE_CHILD_DB"
	envChildID = "SOC2READY_STORAGE_CHILD_ID"
	envFirst   = "SOC2READY_STORAGE_CHILD_FIRST"
)

func spawn(t *testing.T, test, kind, path string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.timeout=60s")
	cmd.Env = append(os.Environ(), envChild+"="+kind, envChildDB+"="+path)
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// crashAnswer is the answer the crash child saves as number i.
func crashAnswer(i int) assessment.Answer {
	return assessment.Answer{Status: assessment.Statuses[i%len(assessment.Statuses)], NAReason: "r", Notes: "saved " + strconv.Itoa(i)}
}

// TestCrashChild saves answers in a loop, printing "saved N" after each
// committed SaveAnswer, until its parent kills it.
func TestCrashChild(t *testing.T) {
	if os.Getenv(envChild) != "crash" {
		t.Skip("helper process for TestCrash")
	}
	s, err := Open(os.Getenv(envChildDB), Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	id := os.Getenv(envChildID)
	first, _ := strconv.Atoi(os.Getenv(envFirst))
	out := bufio.NewWriter(os.Stdout)
	for i := first; i < first+100_000; i++ { // bounded, should the parent die
		if err := s.SaveAnswer(id, qid(i), crashAnswer(i)); err != nil {
			fmt.Fprintln(out, "error:", err)
			out.Flush()
			os.Exit(3)
		}
		fmt.Fprintf(out, "saved %d\n", i)
		out.Flush() // the line leaves the process only after the commit
	}
	os.Exit(0)
}

// TestCrash kills a process in the middle of saving answers, at a random
// point, many times over, and checks that every save it reported is in the
// file and that the file is consistent.
func TestCrash(t *testing.T) {
	rounds, maxLines := 20, 150
	if testing.Short() {
		rounds = 5
	}
	path := filepath.Join(t.TempDir(), DBFileName)
	s := openStore(t, path, Options{})
	id := mustCreate(t, s, &assessment.Assessment{Company: "Crash Ltd", Scope: assessment.Scope{ReportType: assessment.Type1}})
	closeStore(t, s)

	reported := map[int]bool{}
	for round := range rounds {
		killAt := 1 + rand.IntN(maxLines)
		cmd := spawn(t, "TestCrashChild", "crash", path, envChildID+"="+id, envFirst+"="+strconv.Itoa(round*100_000))
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := 0
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "saved "); ok {
				i, err := strconv.Atoi(n)
				if err != nil {
					t.Fatalf("child printed %q", line)
				}
				reported[i] = true
				if lines++; lines == killAt {
					_ = cmd.Process.Kill() // SIGKILL: no deferred code, no flushing
				}
			} else if strings.HasPrefix(line, "error") {
				t.Errorf("child: %s", line)
			}
		}
		_ = cmd.Wait()
		if lines < killAt {
			t.Fatalf("round %d: the child stopped after %d saves, before being killed at %d; stderr:\n%s", round, lines, killAt, stderr.String())
		}

		s := openStore(t, path, Options{})
		got := mustGet(t, s, id).Answers
		for i := range reported {
			if a, ok := got[qid(i)]; !ok || a.Notes != crashAnswer(i).Notes {
				t.Errorf("round %d: save %d was reported but is missing (%+v)", round, i, a)
			}
		}
		closeStore(t, s) // runs tx.Check
		if t.Failed() {
			t.Fatalf("round %d (killed after %d saves) failed", round, killAt)
		}
	}
	t.Logf("%d rounds, %d reported saves all present", rounds, len(reported))
}

// TestLockChild opens the database and holds it until its standard input
// closes.
func TestLockChild(t *testing.T) {
	if os.Getenv(envChild) != "lock" {
		t.Skip("helper process for TestLocked")
	}
	s, err := Open(os.Getenv(envChildDB), Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("open")
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = s.Close()
	os.Exit(0)
}

func TestLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	s := openStore(t, path, Options{})
	closeStore(t, s)
	before := freeze(t, path)

	cmd := spawn(t, "TestLockChild", "lock", path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waited := false
	wait := func() {
		if !waited {
			waited = true
			stdin.Close()
			if err := cmd.Wait(); err != nil {
				t.Errorf("lock child: %v", err)
			}
		}
	}
	defer wait()
	sc := bufio.NewScanner(out)
	if !sc.Scan() || sc.Text() != "open" {
		t.Fatalf("lock child said %q", sc.Text())
	}

	for _, opt := range []Options{{}, {ReadOnly: true}, {Timeout: 100 * time.Millisecond}} {
		start := time.Now()
		s, err := Open(path, opt)
		elapsed := time.Since(start)
		if err == nil {
			s.Close()
			t.Fatalf("Open(%+v) succeeded while another process holds the file", opt)
		}
		if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "the database is open in another window") {
			t.Errorf("Open(%+v) = %v, want ErrLocked saying the database is open in another window", opt, err)
		}
		if elapsed > 2*time.Second {
			t.Errorf("Open(%+v) took %v to give up, want under 2s", opt, elapsed)
		}
	}
	wait()
	assertUnchanged(t, path, before)
	openStore(t, path, Options{}) // free again
}

// TestSignalChild starts an export to the file named in envChildDB, prints
// "writing" with the temporary file half written, and waits for a signal.
func TestSignalChild(t *testing.T) {
	if os.Getenv(envChild) != "signal" {
		t.Skip("helper process for TestSignalRemovesTemp")
	}
	RemoveTempsOnSignal()
	err := WriteFileAtomic(os.Getenv(envChildDB), func(w io.Writer) error {
		io.WriteString(w, "half a rep")
		fmt.Println("writing")
		_, err := io.Copy(io.Discard, os.Stdin) // until the parent signals
		return err
	})
	fmt.Println("error: the write ended:", err)
	os.Exit(3)
}

// Ctrl+C or SIGTERM during an export removes the temporary file, leaves the
// old file as it was, and exits with the shell's status for the signal.
func TestSignalRemovesTemp(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows cannot send a signal to another process")
	}
	tests := []struct {
		sig    os.Signal
		status int
	}{
		{os.Interrupt, 130},
		{syscall.SIGTERM, 143},
	}
	for _, tt := range tests {
		t.Run(tt.sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "plan.pdf")
			if err := os.WriteFile(out, []byte("last week's plan"), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := spawn(t, "TestSignalChild", "signal", out)
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(stdout)
			if !sc.Scan() || sc.Text() != "writing" {
				cmd.Process.Kill()
				t.Fatalf("child said %q", sc.Text())
			}
			if names := dirNames(t, dir); len(names) != 2 {
				t.Fatalf("while writing the folder holds %v, want the file and a temporary file", names)
			}
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != tt.status {
				t.Errorf("child ended with %v, want exit status %d", err, tt.status)
			}
			if names := dirNames(t, dir); !slices.Equal(names, []string{"plan.pdf"}) {
				t.Errorf("after %v the folder holds %v, want only plan.pdf", tt.sig, names)
			}
			if got, _ := os.ReadFile(out); string(got) != "last week's plan" {
				t.Errorf("plan.pdf changed to %q", got)
			}
		})
	}
}
