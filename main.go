package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
	_ "github.com/jung-kurt/gofpdf"
	_ "go.etcd.io/bbolt"
	_ "gopkg.in/yaml.v3"
)

func main() {
	a := app.NewWithID("io.soc2ready.app")
	w := a.NewWindow("SOC 2 Readiness")
	w.SetContent(widget.NewLabel("hi"))
	w.ShowAndRun()
}
