// Package storage keeps many assessments in one bbolt file, and never loses
// any of them: every user change is one committed (fsynced) transaction,
// a file it cannot read is refused and left untouched, deleted assessments go
// to a trash first, and a newer file is never downgraded.
//
// It knows nothing of Fyne; the GUI and the CLI share it. A Store is safe for
// concurrent use; one process at a time holds the file (ErrLocked otherwise).
package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"soc2ready/assessment"
)

// DefaultTimeout is how long Open waits for another process to release the
// file before it returns ErrLocked.
const DefaultTimeout = time.Second

// Options configure Open.
type Options struct {
	// Timeout bounds the wait for the file lock; 0 means DefaultTimeout.
	Timeout time.Duration
	// Bank scores the summaries that List returns; without one, List reports
	// answered counts only. Import uses it when given no bank of its own.
	Bank *assessment.Bank
	// ReadOnly opens the file with a shared lock and refuses every change.
	ReadOnly bool
}

// Store is an open database.
type Store struct {
	db       *bbolt.DB
	path     string
	bank     *assessment.Bank
	readOnly bool
}

// Open opens the database at path, creating it (and its folder, 0700; the file
// is 0600) if it does not exist.
//
// A new file is set up in a temporary file beside path and linked into place
// only when complete, so a crash never leaves a half-made database at path.
// An existing file is checked before bbolt may write to it: a folder, a
// 0-byte file, random bytes, a truncated file or another program's bbolt
// file are refused with an error wrapping ErrCorrupt and left as they were.
// (bbolt would silently initialise a 0-byte file; since this package never
// leaves one, such a file was made by someone else — a failed copy, a wrong
// --db — and may be theirs, so it is not ours to claim.)
//
// All buckets and the schema version are written in one transaction, running
// the ordered migrations of an older file; a newer file is refused with
// ErrNewerSchema and not touched. A file held by another process gives
// ErrLocked after opt.Timeout.
func Open(path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open database: no path given")
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && opt.ReadOnly:
		return nil, fmt.Errorf("open %s: %w: there is no database there", path, ErrNotFound)
	case errors.Is(err, fs.ErrNotExist):
		if err := create(path, opt.Timeout); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, err)
	case info.IsDir():
		return nil, corrupt(path, "it is a folder, not a database file")
	case !info.Mode().IsRegular():
		return nil, corrupt(path, "it is not a regular file")
	}
	if err := precheck(path); err != nil {
		return nil, err
	}
	db, err := openBolt(path, opt.Timeout, opt.ReadOnly)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, bank: opt.Bank, readOnly: opt.ReadOnly}
	if err := s.setup(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close releases the file. Using the store afterwards returns ErrClosed.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close %s: %w", s.path, mapErr(err))
	}
	return nil
}

// setup reads the schema version and, when the file is new or older, creates
// the buckets and runs the migrations in one transaction.
func (s *Store) setup() error {
	var version uint64
	var ok bool
	err := s.view(func(tx *bbolt.Tx) error {
		v, err := readVersion(tx)
		version, ok = v, v == schemaVersion && complete(tx)
		return err
	})
	switch {
	case errors.Is(err, ErrCorrupt):
		return corrupt(s.path, strings.TrimPrefix(err.Error(), ErrCorrupt.Error()+": "))
	case err != nil:
		return fmt.Errorf("open %s: %w", s.path, err)
	case version > schemaVersion:
		return fmt.Errorf("open %s: %w (its schema is version %d, this soc2ready reads up to %d): update soc2ready; the file was left untouched",
			s.path, ErrNewerSchema, version, schemaVersion)
	case ok:
		return nil
	case s.readOnly:
		return fmt.Errorf("open %s: %w: it needs an upgrade from schema %d to %d; open it once without read-only",
			s.path, ErrReadOnly, version, schemaVersion)
	}
	err = s.update(func(tx *bbolt.Tx) error {
		v, err := readVersion(tx) // again, inside the writing transaction
		if err != nil {
			return err
		}
		return upgrade(tx, v)
	})
	if err != nil {
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	return nil
}

// create makes a new, complete database at path through a temporary file in
// the same folder: set up, synced, closed, then linked into place. If a file
// appeared at path meanwhile (another instance won the race), it is kept and
// ours discarded.
func create(path string, timeout time.Duration) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create database folder: %w", err)
	}
	sweepStale(dir)
	f, err := createTemp(dir, ".soc2ready-new-*.db") // mode 0600
	if err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	tmp := f.Name()
	defer dropTemp(tmp, true) // after the link, or on failure
	if err := f.Close(); err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	db, err := openBolt(tmp, timeout, false) // bbolt initialises the empty file
	if err != nil {
		return err
	}
	err = safe(func() error {
		return db.Update(func(tx *bbolt.Tx) error { return upgrade(tx, 0) })
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("create %s: %w", path, mapErr(err))
	}
	switch err := os.Link(tmp, path); {
	case err == nil, errors.Is(err, fs.ErrExist):
	default:
		// No hard links on this file system: rename, unless a file
		// appeared meanwhile.
		if _, serr := os.Lstat(path); serr == nil {
			break
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("create %s: %w", path, err)
		}
	}
	syncDir(dir)
	return nil
}

// syncDir makes a new directory entry durable where the platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // not supported on every platform; best effort
		_ = d.Close()
	}
}

// bbolt's on-disk header (go.etcd.io/bbolt internal/common: page and Meta),
// read here to check a file before bbolt maps it or writes to it.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	boltPageHeader   = 16 // page: id uint64, flags uint16, count uint16, overflow uint32
	boltMetaChecksum = 56 // offset of Meta.checksum, which sums the bytes before it
	boltNoFreelist   = ^uint64(0)
	boltMinPageSize  = 1 << 10
	boltMaxPageSize  = 1 << 24 // bbolt looks for the second meta page up to 16 MiB in
	boltMetaRead     = 0x1000  // bbolt reads this much to find a meta page
	boltProbeCount   = 15      // … at 1 KiB, 2 KiB, … 16 MiB
)

type boltMeta struct {
	pageSize, root, freelist, pgid, txid uint64
}

// parseMeta reads a meta page as bbolt validates it: magic, version, checksum.
func parseMeta(page []byte) (boltMeta, bool) {
	if len(page) < boltPageHeader+boltMetaChecksum+8 {
		return boltMeta{}, false
	}
	m := page[boltPageHeader:]
	ne := binary.NativeEndian
	h := fnv.New64a()
	h.Write(m[:boltMetaChecksum])
	if ne.Uint32(m[0:]) != boltMagic || ne.Uint32(m[4:]) != boltVersion || ne.Uint64(m[boltMetaChecksum:]) != h.Sum64() {
		return boltMeta{}, false
	}
	return boltMeta{
		pageSize: uint64(ne.Uint32(m[8:])),
		root:     ne.Uint64(m[16:]),
		freelist: ne.Uint64(m[32:]),
		pgid:     ne.Uint64(m[40:]),
		txid:     ne.Uint64(m[48:]),
	}, true
}

// precheck refuses, without writing, a file that bbolt would initialise,
// fail to read, or map past its end (a truncated file makes bbolt crash with
// SIGBUS rather than return an error).
func precheck(path string) error {
	f, err := os.Open(path)
	if openElsewhere(err) {
		return lockedError(path)
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	size := info.Size()
	if size == 0 {
		return corrupt(path, "the file is empty (0 bytes), and soc2ready never leaves an empty database, so it is not one of ours: delete it or choose another file")
	}
	read := func(off int64) []byte {
		buf := make([]byte, boltMetaRead)
		n, _ := f.ReadAt(buf, off)
		return buf[:n]
	}
	// Like bbolt: the newest valid of the two meta pages; the second is at
	// the page size the first gives, or found by probing.
	best, found := parseMeta(read(0))
	offsets := []int64{int64(best.pageSize)}
	if !found {
		offsets = offsets[:0]
		for i := range boltProbeCount {
			offsets = append(offsets, boltMinPageSize<<i)
		}
	}
	for _, off := range offsets {
		if off >= size {
			break
		}
		if m, ok := parseMeta(read(off)); ok {
			if !found || m.txid > best.txid {
				best = m
			}
			found = true
			break
		}
	}
	switch {
	case !found:
		return corrupt(path, "it is not a database (no valid bbolt header): it may be damaged, or another kind of file")
	case best.pageSize < boltMinPageSize || best.pageSize > boltMaxPageSize:
		return corrupt(path, fmt.Sprintf("its page size %d is implausible", best.pageSize))
	case best.pgid < 2 || best.root >= best.pgid || (best.freelist >= best.pgid && best.freelist != boltNoFreelist):
		return corrupt(path, "its header points outside the file")
	case best.pgid > uint64(size)/best.pageSize:
		return corrupt(path, fmt.Sprintf("it is truncated: it holds %d bytes but its data reaches %d bytes (was it copied while in use, or cut short?)",
			size, best.pgid*best.pageSize))
	}
	return nil
}

// openBolt opens a checked file with bbolt: never creating it, mapping bbolt's
// errors, and turning a panic on a damaged page into ErrCorrupt (closing the
// file, which releases its lock).
func openBolt(path string, timeout time.Duration, readOnly bool) (db *bbolt.DB, err error) {
	var file *os.File
	opt := &bbolt.Options{
		Timeout:  timeout,
		ReadOnly: readOnly,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag&^os.O_CREATE, perm)
			if err == nil && name == path {
				file = f
			}
			return f, err
		},
	}
	defer func() {
		if r := recover(); r != nil {
			if file != nil {
				_ = file.Close()
			}
			db, err = nil, corrupt(path, fmt.Sprintf("reading it failed (%v)", r))
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	db, err = bbolt.Open(path, 0o600, opt)
	switch merr := mapErr(err); {
	case err == nil:
		return db, nil
	case errors.Is(merr, ErrLocked):
		return nil, lockedError(path)
	case errors.Is(merr, ErrCorrupt):
		return nil, corrupt(path, err.Error())
	default:
		return nil, fmt.Errorf("open %s: %w", path, merr)
	}
}

// lockedError says that another process holds the database.
func lockedError(path string) error {
	return fmt.Errorf("open %s: %w (close soc2ready there first, or wait for it to finish)", path, ErrLocked)
}

// safe runs fn, turning a panic (bbolt panics on some damaged pages, and a
// page beyond the end of a file that shrank faults) into ErrCorrupt.
func safe(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: reading the database failed (%v)", ErrCorrupt, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return fn()
}

// view runs a read-only transaction.
func (s *Store) view(fn func(*bbolt.Tx) error) error {
	return safe(func() error { return mapErr(s.db.View(fn)) })
}

// update runs one read-write transaction: committed and synced to disk when
// it returns nil, rolled back entirely otherwise.
func (s *Store) update(fn func(*bbolt.Tx) error) error {
	if s.readOnly {
		return ErrReadOnly
	}
	return safe(func() error { return mapErr(s.db.Update(fn)) })
}

// now is the time stamps are taken from: UTC, without a monotonic reading,
// so a time read back from the file equals the one written.
func now() time.Time { return time.Now().UTC() }

// clone copies bytes out of a transaction: values bbolt returns are valid
// only inside it.
func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

func putJSON(b *bbolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return b.Put(key, data)
}

// getJSON decodes the value at key; a missing or undecodable value is
// ErrCorrupt (json.Unmarshal does not keep references to its input, so
// nothing escapes the transaction).
func getJSON(b *bbolt.Bucket, key []byte, v any) error {
	data := b.Get(key)
	if data == nil {
		return fmt.Errorf("%w: %s is missing", ErrCorrupt, key)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, key, err)
	}
	return nil
}
