package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// responsesScreen records how the company answers an exception, forecast or
// real: what happened, root cause, immediate steps, long-term fix, owner and
// the management response printed in the report. Every keystroke is saved.
type responsesScreen struct {
	w       *workspace
	content fyne.CanvasObject

	list     *widget.List
	selected int
	pick     *widget.Select
	choices  map[string]string // label → question ID

	form                                 *fyne.Container
	none                                 *widget.Label // what to do when no response is shown
	heading                              *widget.Label
	what, cause, steps, fix, owner, mgmt *fieldEntry
	filling                              bool
	deleteBtn                            *widget.Button
}

func newResponsesScreen(w *workspace) *responsesScreen {
	r := &responsesScreen{w: w, selected: -1}
	r.list = widget.NewList(
		func() int { return len(r.w.s.a.Responses) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			resp := r.w.s.a.Responses[i]
			q, _ := r.w.s.bank.Question(resp.Question)
			o.(*widget.Label).SetText(resp.Question + "  " + q.Title)
		})
	r.list.OnSelected = func(i widget.ListItemID) {
		r.selected = i
		r.showSelected()
	}
	r.pick = widget.NewSelect(nil, nil)
	r.pick.PlaceHolder = "Choose a likely exception…"
	add := widget.NewButtonWithIcon("Add response", theme.ContentAddIcon(), r.add)

	r.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.heading.Wrapping = fyne.TextWrapWord
	entry := func(field, placeholder string, set func(*assessment.Response, string)) *fieldEntry {
		e := newMultiLineFieldEntry()
		e.SetMinRowsVisible(2)
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(s string) { r.edit(func(resp *assessment.Response) { set(resp, s) }) }
		e.limit(field, assessment.MaxTextLength, r.w.notSaved)
		return e
	}
	r.what = entry("What happened", "What happened, or what the auditor would find", func(x *assessment.Response, s string) { x.WhatHappened = s })
	r.cause = entry("Root cause", "Why it happened", func(x *assessment.Response, s string) { x.RootCause = s })
	r.steps = entry("Immediate steps", "What was done straight away", func(x *assessment.Response, s string) { x.ImmediateSteps = s })
	r.fix = entry("Long-term fix", "What changes so it does not happen again", func(x *assessment.Response, s string) { x.LongTermFix = s })
	r.owner = newFieldEntry()
	r.owner.SetPlaceHolder("Who is accountable")
	r.owner.OnChanged = func(s string) { r.edit(func(x *assessment.Response) { x.Owner = s }) }
	r.owner.limit("Owner", assessment.MaxNameLength, r.w.notSaved)
	r.mgmt = entry("Management response", "The text for the SOC 2 report, next to the exception", func(x *assessment.Response, s string) { x.ManagementResponse = s })
	r.mgmt.SetMinRowsVisible(4)
	r.deleteBtn = widget.NewButtonWithIcon("Delete response", theme.DeleteIcon(), r.delete)

	form := widget.NewForm(
		widget.NewFormItem("What happened", r.what),
		widget.NewFormItem("Root cause", r.cause),
		widget.NewFormItem("Immediate steps", r.steps),
		widget.NewFormItem("Long-term fix", r.fix),
		widget.NewFormItem("Owner", r.owner),
		widget.NewFormItem("Management response", r.mgmt),
	)
	r.form = container.NewVBox(r.heading, form, container.NewHBox(r.deleteBtn))
	r.none = widget.NewLabel("")
	r.none.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel("Record how you answer an exception the auditor may find. The management response is printed in the report.")
	hint.Wrapping = fyne.TextWrapWord
	left := container.NewBorder(container.NewVBox(hint, r.pick, add, widget.NewSeparator()), nil, nil, nil, r.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(container.NewVBox(r.none, r.form))))
	split.Offset = 0.3
	r.content = split
	r.refresh()
	return r
}

// refresh offers the current likely exceptions and keeps the selection.
func (r *responsesScreen) refresh() {
	r.choices = map[string]string{}
	var labels []string
	for _, it := range r.w.s.forecast.Exceptions() {
		label := fmt.Sprintf("%s %s (%s)", it.Question.ID, it.Question.Title, assessment.Percent(it.Probability))
		r.choices[label] = it.Question.ID
		labels = append(labels, label)
	}
	r.pick.Options = labels
	r.pick.Refresh()
	r.list.Refresh()
	if r.selected < 0 && len(r.w.s.a.Responses) > 0 {
		r.list.Select(0) // shows it
		return
	}
	r.showSelected()
}

func (r *responsesScreen) current() (assessment.Response, bool) {
	if r.selected < 0 || r.selected >= len(r.w.s.a.Responses) {
		return assessment.Response{}, false
	}
	return r.w.s.a.Responses[r.selected], true
}

func (r *responsesScreen) showSelected() {
	resp, ok := r.current()
	if !ok {
		r.form.Hide()
		if len(r.w.s.a.Responses) == 0 {
			r.none.SetText("No responses yet. Choose a likely exception on the left, then Add response: it is filled in from the forecast, and you complete it here.")
		} else {
			r.none.SetText("Choose a response on the left.")
		}
		r.none.Show()
		return
	}
	r.none.Hide()
	r.form.Show()
	q, _ := r.w.s.bank.Question(resp.Question)
	r.filling = true
	r.heading.SetText(fmt.Sprintf("Response to %s %s", resp.Question, q.Title))
	r.what.SetText(resp.WhatHappened)
	r.cause.SetText(resp.RootCause)
	r.steps.SetText(resp.ImmediateSteps)
	r.fix.SetText(resp.LongTermFix)
	r.owner.SetText(resp.Owner)
	r.mgmt.SetText(resp.ManagementResponse)
	r.filling = false
}

// add creates a response to the chosen exception, prefilled from the forecast.
func (r *responsesScreen) add() {
	id, ok := r.choices[r.pick.Selected]
	if !ok {
		dialog.ShowInformation("Choose an exception", "Pick a likely exception from the list first.", r.w.u.win)
		return
	}
	it, _ := r.w.s.forecast.Item(id)
	resp, err := r.w.s.saveResponse(assessment.DraftResponse(it))
	if err != nil {
		return
	}
	r.list.Refresh()
	for i, x := range r.w.s.a.Responses {
		if x.ID == resp.ID {
			r.list.Select(i)
		}
	}
	r.w.u.win.Canvas().Focus(r.cause)
}

func (r *responsesScreen) edit(change func(*assessment.Response)) {
	resp, ok := r.current()
	if !ok || r.filling {
		return
	}
	change(&resp)
	r.w.s.saveResponse(resp)
}

func (r *responsesScreen) delete() {
	resp, ok := r.current()
	if !ok {
		return
	}
	dialog.ShowConfirm("Delete response?", "Delete the response to "+resp.Question+"?", func(yes bool) {
		if !yes {
			return
		}
		if r.w.s.deleteResponse(resp.ID) == nil {
			r.selected = -1
			r.list.UnselectAll()
			r.refresh()
		}
	}, r.w.u.win)
}
