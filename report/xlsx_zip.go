package report

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"strings"
)

// autoHeightZip writes the package through archive/zip, dropping the
// customHeight flag excelize puts on every row whose height is set: the
// heights written are estimates (see lines), and a row not marked custom
// still grows in Excel or LibreOffice when a client types a longer text.
type autoHeightZip struct {
	*zip.Writer
	name    string
	buf     bytes.Buffer
	pending bool
}

func (z *autoHeightZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(name, "xl/worksheets/") {
		return z.Writer.Create(name)
	}
	z.name, z.pending = name, true
	z.buf.Reset()
	return &z.buf, nil
}

func (z *autoHeightZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.Writer.AddFS(fsys)
}

func (z *autoHeightZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.Writer.Close()
}

func (z *autoHeightZip) flush() error {
	if !z.pending {
		return nil
	}
	z.pending = false
	w, err := z.Writer.Create(z.name)
	if err != nil {
		return err
	}
	_, err = w.Write(bytes.ReplaceAll(z.buf.Bytes(), []byte(` customHeight="true"`), nil))
	return err
}
