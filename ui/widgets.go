package ui

import (
	"errors"
	"image/color"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
	"soc2ready/assets"
	store "soc2ready/storage"
)

// fieldEntry is a text field that gives the keyboard back with Escape: the
// focus leaves it, so that number keys answer questions again.
type fieldEntry struct {
	widget.Entry
}

func newFieldEntry() *fieldEntry {
	e := &fieldEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func newMultiLineFieldEntry() *fieldEntry {
	e := &fieldEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// limit makes the entry hold at most most characters (see assessment's
// limits): longer text is marked on the entry, refused is told why (a
// message naming field), and the text is not passed on to the OnChanged set
// before, so it is never saved. Call it after setting OnChanged.
func (e *fieldEntry) limit(field string, most int, refused func(error)) {
	save := e.OnChanged
	e.AlwaysShowValidationError = true
	e.OnChanged = func(s string) {
		err := assessment.CheckLength(field, s, most)
		e.SetValidationError(err)
		switch {
		case err != nil:
			refused(err)
		case save != nil:
			save(s)
		}
	}
}

func (e *fieldEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
			c.Unfocus()
		}
		return
	}
	e.Entry.TypedKey(ev)
}

// dateEntry is an entry for a YYYY-MM-DD date. onDate is called with the
// date whenever the text is a valid date or empty (the zero date), so a
// half-typed date is never saved. A wrong date is marked with Fyne's error
// icon once the field is left; a right one gets no tick (a Validator would
// put one on every date, and take its width from the text in narrow
// columns).
type dateEntry struct {
	fieldEntry
	onDate func(assessment.Date)
}

func newDateEntry(onDate func(assessment.Date)) *dateEntry {
	e := &dateEntry{onDate: onDate}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder("YYYY-MM-DD")
	e.AlwaysShowValidationError = true
	e.OnChanged = func(s string) {
		d, err := assessment.ParseInputDate(strings.TrimSpace(s))
		e.SetValidationError(err)
		if err == nil && e.onDate != nil {
			e.onDate(d)
		}
	}
	return e
}

// tapLabel is a label that passes taps on: the text of a wrapped check.
type tapLabel struct {
	widget.Label
	tapped func()
}

func (l *tapLabel) Tapped(*fyne.PointEvent) { l.tapped() }

// newWrappedCheck is a check whose text wraps to the width it gets (the text
// of a widget.Check never wraps, so a long one widens the window). A tap on
// the text toggles it, as on a check's own text.
func newWrappedCheck(text string, changed func(bool)) (*widget.Check, fyne.CanvasObject) {
	chk := widget.NewCheck("", changed)
	l := &tapLabel{tapped: func() {
		if !chk.Disabled() {
			chk.SetChecked(!chk.Checked)
		}
	}}
	l.Text = text
	l.Wrapping = fyne.TextWrapWord
	l.ExtendBaseWidget(l)
	return chk, container.NewBorder(nil, nil, container.NewVBox(chk), nil, l)
}

// newHint is a line of help in the hint colour, wrapped to the width it gets.
func newHint(text string, align fyne.TextAlign) *widget.RichText {
	style := widget.RichTextStyleParagraph
	style.ColorName = colorNameHint
	style.Alignment = align
	r := widget.NewRichText(&widget.TextSegment{Text: text, Style: style})
	r.Wrapping = fyne.TextWrapWord
	return r
}

// meter is a thin horizontal bar showing a share (0–1) in a colour. The
// number goes beside it, written by the caller in the text colour: on a
// progress bar it sits on the fill or on the track, and is unreadable on one
// of them.
type meter struct {
	widget.BaseWidget
	value float64
	color fyne.ThemeColorName
}

func newMeter(value float64, color fyne.ThemeColorName) *meter {
	m := &meter{value: value, color: color}
	m.ExtendBaseWidget(m)
	return m
}

// set changes the share and colour.
func (m *meter) set(value float64, color fyne.ThemeColorName) {
	if m.value != value || m.color != color {
		m.value, m.color = value, color
		m.Refresh()
	}
}

func (m *meter) CreateRenderer() fyne.WidgetRenderer {
	r := &meterRenderer{m: m, track: canvas.NewRectangle(nil), fill: canvas.NewRectangle(nil)}
	r.track.CornerRadius, r.fill.CornerRadius = 3, 3
	r.Refresh()
	return r
}

type meterRenderer struct {
	m           *meter
	track, fill *canvas.Rectangle
}

const meterHeight = 10

func (r *meterRenderer) Layout(size fyne.Size) {
	y := (size.Height - meterHeight) / 2
	r.track.Move(fyne.NewPos(0, y))
	r.track.Resize(fyne.NewSize(size.Width, meterHeight))
	r.fill.Move(fyne.NewPos(0, y))
	r.fill.Resize(fyne.NewSize(size.Width*float32(min(max(r.m.value, 0), 1)), meterHeight))
}

func (r *meterRenderer) MinSize() fyne.Size { return fyne.NewSize(40, meterHeight) }

func (r *meterRenderer) Refresh() {
	th := r.m.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := color.NRGBAModel.Convert(th.Color(theme.ColorNameForeground, v)).(color.NRGBA)
	fg.A = 0x2a // the track: the text colour, faint, visible on light and dark
	r.track.FillColor = fg
	r.fill.FillColor = th.Color(r.m.color, v)
	r.Layout(r.m.Size())
	r.track.Refresh()
	r.fill.Refresh()
}

func (r *meterRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.track, r.fill} }
func (r *meterRenderer) Destroy()                     {}

// readinessColor colours a readiness score by the verdict's bands: green
// from "ready", amber from "nearly ready", red below.
func readinessColor(v float64) fyne.ThemeColorName {
	switch {
	case v >= assessment.ReadyReadiness:
		return theme.ColorNameSuccess
	case v >= assessment.NearlyReadyReadiness:
		return theme.ColorNameWarning
	default:
		return theme.ColorNameError
	}
}

// setText changes a label's text only when it differs: SetText redraws and
// re-shapes the text even when it is the same.
func setText(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// canvasIcon is the app icon at a size for the empty state.
func canvasIcon() fyne.CanvasObject {
	img := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.IconPNG))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(96, 96))
	return img
}

// offerToOpen tells the user a file was written and offers to open it with the
// desktop's default application.
func (u *App) offerToOpen(title, path string) {
	d := dialog.NewCustomConfirm(title, "Open it", "Close",
		widget.NewLabel("Saved to\n"+path), func(open bool) {
			if open {
				u.openFile(path)
			}
		}, u.win)
	d.Show()
}

func (u *App) openFile(path string) {
	if u.opts.Opener != nil {
		if err := u.opts.Opener(path); err != nil {
			u.showError("Could not open the file", err)
		}
		return
	}
	if err := u.fy.OpenURL(&url.URL{Scheme: "file", Path: path}); err != nil {
		u.showError("Could not open the file", err)
	}
}

// notice is a warning above a screen's content: an icon and text that
// wraps, hidden while there is nothing to say.
type notice struct {
	box  *fyne.Container
	text *widget.Label
}

func newNotice() *notice {
	n := &notice{text: widget.NewLabel("")}
	n.text.Wrapping = fyne.TextWrapWord
	n.box = container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, n.text)
	n.box.Hide()
	return n
}

// set shows text, or hides the notice when it is empty.
func (n *notice) set(text string) {
	setText(n.text, text)
	if text == "" {
		n.box.Hide()
	} else {
		n.box.Show()
	}
}

// problemGroup is a heading (a question, a row) and its problems.
type problemGroup struct {
	heading string
	lines   []string
}

// showProblems lists problems in a dialog that scrolls: what happened and
// what to do first, then every problem under its heading.
func (u *App) showProblems(title, intro string, groups []problemGroup) dialog.Dialog {
	head := widget.NewLabel(intro)
	head.Wrapping = fyne.TextWrapWord
	var segs []widget.RichTextSegment
	for _, g := range groups {
		heading := widget.RichTextStyleParagraph // a line of its own
		heading.TextStyle.Bold = true
		segs = append(segs, &widget.TextSegment{Text: g.heading, Style: heading})
		for _, l := range g.lines {
			segs = append(segs, &widget.TextSegment{Text: "•  " + l, Style: widget.RichTextStyleParagraph})
		}
	}
	list := widget.NewRichText(segs...)
	list.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(head, nil, nil, nil, container.NewVScroll(list))
	d := dialog.NewCustom(title, "Close", content, u.win)
	d.Resize(fyne.NewSize(680, 460))
	d.Show()
	return d
}

// showFileDialog shows a file dialog as large as the window allows, up to
// 900×600, as a list unless the user chose the grid: Fyne's grid and size
// wrap names such as "acme.soc2ready.json". (It is resized once shown: a
// FileDialog's Resize needs its window.)
func showFileDialog(u *App, d *dialog.FileDialog) {
	d.SetView(dialog.ListView)
	d.Show()
	size := u.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(900, size.Width-60), min(600, size.Height-60)))
}

// saveDialog asks where to save a file and calls save with the path; save
// writes it (atomically, through storage.WriteFileAtomic). The open database
// and the bank file are refused (storage.CheckOutput). It touches no file
// itself: Fyne's own save dialog opens the chosen file for writing at once,
// emptying an existing one before anything is written, so a failed export
// would lose the old file, and a database chosen there would be destroyed.
// Here the user picks a folder and a name, and confirms replacing a file.
func saveDialog(u *App, name, ext string, save func(path string)) {
	prefs := u.fy.Preferences()
	folder := prefs.String(prefSaveFolder)
	if st, err := os.Stat(folder); folder == "" || err != nil || !st.IsDir() {
		folder, _ = os.UserHomeDir()
	}
	folderLabel := widget.NewLabel(folder)
	folderLabel.Truncation = fyne.TextTruncateEllipsis
	choose := widget.NewButton("Choose…", func() {
		d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
			if err != nil {
				u.showError("Cannot open that folder", err)
				return
			}
			if l != nil {
				folder = l.Path()
				folderLabel.SetText(folder)
			}
		}, u.win)
		if l, err := storage.ListerForURI(storage.NewFileURI(folder)); err == nil {
			d.SetLocation(l)
		}
		showFileDialog(u, d)
	})
	fileName := widget.NewEntry()
	fileName.SetText(name)
	fileName.Validator = func(s string) error {
		switch s = strings.TrimSpace(s); {
		case s == "":
			return errors.New("enter a file name")
		case strings.ContainsRune(s, filepath.Separator):
			return errors.New("a file name, not a path: choose the folder above")
		}
		return nil
	}
	form := dialog.NewForm("Save as", "Save", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Folder", container.NewBorder(nil, nil, nil, choose, folderLabel)),
		widget.NewFormItem("File name", fileName),
	}, func(ok bool) {
		if !ok {
			return
		}
		n := strings.TrimSpace(fileName.Text)
		if !strings.HasSuffix(strings.ToLower(n), ext) {
			n += ext
		}
		path := filepath.Join(folder, n)
		prefs.SetString(prefSaveFolder, folder)
		// The same check as the CLI's: never over the database or the bank.
		if err := store.CheckOutput(path, u.dbPath, u.bankPath); err != nil {
			u.showError("Cannot save there", err)
			return
		}
		if _, err := os.Stat(path); err == nil {
			dialog.ShowConfirm("Replace "+n+"?", "A file with this name already exists in\n"+folder+"\nReplace it?", func(yes bool) {
				if yes {
					save(path)
				}
			}, u.win)
			return
		}
		save(path)
	}, u.win)
	form.Resize(fyne.NewSize(min(680, u.win.Canvas().Size().Width-60), form.MinSize().Height))
	form.Show()
}

// openDialog asks for a file to read (with one of the extensions) and calls
// open with its path. Opening for reading changes nothing.
func openDialog(u *App, exts []string, open func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError("Cannot open that file", err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		open(path)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	showFileDialog(u, d)
}
