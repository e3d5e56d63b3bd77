package main

import (
	"fmt"
	"io"
	"os"

	"soc2ready/assessment"
	"soc2ready/storage"
)

// The CLI's files. Every file a user names is read through
// storage.ReadInput or storage.OpenInput (regular files only, bounded), and
// every output goes through writeOutput, which never replaces the database
// or a file the command reads.

// readBankFile reads the --bank file.
func (f *cliFlags) readBankFile() ([]byte, error) {
	data, err := storage.ReadInput(f.bank, assessment.MaxBankSize)
	if err != nil {
		return nil, fmt.Errorf("question bank: %w", err)
	}
	return data, nil
}

// readAssessmentFile reads an interchange file, and notes it as an input.
func (f *cliFlags) readAssessmentFile(path string) ([]byte, error) {
	f.inputs = append(f.inputs, path)
	return storage.ReadInput(path, assessment.MaxFileSize)
}

// openInput opens a file to read that bounds its own reading (a
// spreadsheet), and notes it as an input.
func (f *cliFlags) openInput(path string) (*os.File, error) {
	f.inputs = append(f.inputs, path)
	return storage.OpenInput(path)
}

// writeOutput writes a command's output: "-" is standard output; any other
// path is refused if it is the database (whether or not the command opens
// it), the --bank file or a file the command read, and otherwise written by
// storage.WriteFileAtomic (in place for a device or a pipe).
func (f *cliFlags) writeOutput(env *cliEnv, out string, write func(io.Writer) error) error {
	if out == "-" {
		return write(env.stdout)
	}
	db, err := storage.ResolvePath(f.db)
	if err != nil {
		db = "" // no database to protect
	}
	if err := storage.CheckOutput(out, db, append(f.inputs, f.bank)...); err != nil {
		return err
	}
	return storage.WriteFileAtomic(out, write)
}

// writeBytes is a write function for data already in memory.
func writeBytes(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// reportTo is where a command that writes a file prints its report: stdout,
// unless the file itself goes to stdout ("-o -").
func reportTo(env *cliEnv, out string) io.Writer {
	if out == "-" {
		return env.stderr
	}
	return env.stdout
}
