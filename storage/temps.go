package storage

import (
	"errors"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Temporary files. Every write goes through a temporary file beside its
// target (WriteFileAtomic, and create for a new database). They are
// registered while they exist, so that Ctrl+C or a SIGTERM removes them
// before the process exits; those a SIGKILL or a power cut leaves behind are
// swept from a folder the next time something is written there.

// temps holds the temporary files being written. Once stopping is set (a
// signal arrived) the lock is never released again, so that no new
// temporary file appears between the clean-up and the exit.
var temps = struct {
	sync.Mutex
	names    map[string]bool
	stopping bool
}{names: map[string]bool{}}

// errStopping refuses a new temporary file while the process exits.
var errStopping = errors.New("soc2ready is stopping")

// createTemp creates and registers a temporary file (os.CreateTemp).
func createTemp(dir, pattern string) (*os.File, error) {
	temps.Lock()
	defer temps.Unlock()
	if temps.stopping {
		return nil, errStopping
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	temps.names[f.Name()] = true
	return f, nil
}

// dropTemp forgets a temporary file: renamed into place, or to be removed.
func dropTemp(name string, remove bool) {
	temps.Lock()
	defer temps.Unlock()
	delete(temps.names, name)
	if remove {
		_ = os.Remove(name)
	}
}

// RemoveTempsOnSignal makes SIGINT (Ctrl+C) and SIGTERM remove the
// temporary files of unfinished writes, then exit with the shell's status
// for the signal (130, 143). Call it once, at start.
func RemoveTempsOnSignal() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-ch
		removeTemps()
		os.Exit(signalStatus(sig))
	}()
}

// removeTemps removes every registered temporary file and keeps the lock,
// so that none is created after it.
func removeTemps() {
	temps.Lock()
	temps.stopping = true
	for name := range temps.names {
		_ = os.Remove(name)
	}
}

// signalStatus is the exit status a shell reports for a process a signal
// stopped: 128 plus the signal's number.
func signalStatus(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

// staleAfter is how old a temporary file of ours must be before a sweep
// removes it: no write takes this long, so its writer is gone.
const staleAfter = time.Hour

// tempName matches the temporary files this package makes and nothing a
// person would name a file: ".NAME.DIGITS.tmp" (WriteFileAtomic) and
// ".soc2ready-new-DIGITS.db" (create). os.CreateTemp puts decimal digits
// where the pattern has its *.
var tempName = regexp.MustCompile(`^(\..+\.[0-9]+\.tmp|\.soc2ready-new-[0-9]+\.db)$`)

// swept holds the folders swept by this process: once per folder is enough,
// and the app writes to one folder many times.
var swept sync.Map

// sweepStale removes, from dir, the regular files named like our temporary
// files and last changed more than staleAfter ago, the first time this
// process writes to dir. Errors are ignored: the sweep is housekeeping and
// must never stop a write.
func sweepStale(dir string) {
	if abs, err := filepath.Abs(dir); err == nil {
		if _, done := swept.LoadOrStore(abs, true); !done {
			sweepFolder(abs)
		}
	}
}

func sweepFolder(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	names, _ := d.Readdirnames(-1) // names only: no stat of every file
	d.Close()
	cutoff := time.Now().Add(-staleAfter)
	for _, name := range names {
		if !strings.HasPrefix(name, ".") || !tempName.MatchString(name) {
			continue
		}
		p := filepath.Join(dir, name)
		if info, err := os.Lstat(p); err == nil && info.Mode().IsRegular() && info.ModTime().Before(cutoff) {
			_ = os.Remove(p)
		}
	}
}
