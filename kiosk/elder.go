package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app/ui"
)

// Elder mode (适老化): one tap on the header's toggle, on every screen, switches the whole
// kiosk to ui.KioskTheme's elder sizes at once — body text 22, headings 34, targets of 60
// and more, text at 4.5:1 or better, a line pitch of 1.3 and more — and back. It never
// opens a pop-up: the idle countdown is an overlay inside the screen. It is part of the
// visitor's session: the next visitor starts in normal mode.

// header lays out the hall's name and the clock (the hidden maintenance gesture's corner)
// over elder mode's toggle and the language buttons.
func (s *sessionUI) header(langs fyne.CanvasObject) fyne.CanvasObject {
	k := s.k
	k.hall.Wrapping = fyne.TextWrapWord
	s.cornerArea = newTapArea(s.lk.cornerTap)
	s.corner = container.NewStack(ui.WithMinSize(ui.VCenter(s.clock), 160, ButtonHeight), s.cornerArea)
	top := container.NewBorder(nil, nil, nil, s.corner, k.hall)
	row := container.NewBorder(nil, nil, ui.WithMinSize(s.elderBtn, 200, ButtonHeight), langs)
	return container.NewVBox(top, row, widget.NewSeparator())
}

// toggleElder is the header toggle's tap.
func (s *sessionUI) toggleElder() {
	s.k.g.Lock()
	defer s.k.g.Unlock()
	s.setElder(!s.elder)
	s.k.touch()
}

// ElderMode reports whether elder mode is on.
func (k *Kiosk) ElderMode() bool {
	var on bool
	k.read(func() { on = k.sx.elder })
	return on
}

// SetElderMode switches elder mode on or off, as the header's toggle does.
func (k *Kiosk) SetElderMode(on bool) {
	k.g.Lock()
	defer k.g.Unlock()
	k.sx.setElder(on)
	k.touch()
}

// setElder switches the theme of every screen, shown or not.
func (s *sessionUI) setElder(on bool) {
	if s.elder == on {
		return
	}
	s.elder = on
	s.theme.elder.Store(on)
	s.retextElder()
	if s.root != nil {
		s.root.Refresh()
	}
	k := s.k
	for _, o := range append(k.screens(), k.body.Objects...) {
		s.keyboardsElder(o)
		restyle(o)
		o.Refresh()
	}
}

// screens returns every screen's root object: the ones not shown take the new theme too.
func (k *Kiosk) screens() []fyne.CanvasObject {
	out := []fyne.CanvasObject{k.home, k.ticketView}
	if f := k.flow; f != nil {
		out = append(out, f.gv.obj, f.sv.obj, f.fv.obj, f.rv.obj, f.dv.obj, f.pv.obj)
	}
	if k.qb != nil {
		out = append(out, k.qb.cv.obj)
	}
	return append(out, k.sx.lk.pinObj, k.sx.lk.panelObj)
}

func (s *sessionUI) retextElder() {
	loc := s.k.loc
	if s.elder {
		s.elderBtn.SetText(loc.T("session.elder_off"))
		s.elderBtn.SetIcon(theme.ZoomOutIcon())
		s.elderBtn.Importance = widget.HighImportance
	} else {
		s.elderBtn.SetText(loc.T("session.elder_on"))
		s.elderBtn.SetIcon(theme.ZoomInIcon())
		s.elderBtn.Importance = widget.MediumImportance
	}
	s.elderBtn.Refresh()
}

// adopt makes a screen's touch theme follow the kiosk's mode: a screen built with
// touchTheme{ui.NewTheme()} gets touchTheme{the mode theme} when it is shown.
func (s *sessionUI) adopt(o fyne.CanvasObject) {
	s.keyboardsElder(o)
	if t, ok := o.(*container.ThemeOverride); ok {
		if tt, ok := t.Theme.(touchTheme); ok && tt.Theme != fyne.Theme(s.theme) {
			t.Theme = touchTheme{s.theme}
		}
	}
}

// keyboardsElder gives every pinyin keyboard under o the mode's key size.
func (s *sessionUI) keyboardsElder(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *PinyinKeyboard:
		x.SetElder(s.elder)
	case *fyne.Container:
		for _, c := range x.Objects {
			s.keyboardsElder(c)
		}
	case *container.ThemeOverride:
		s.keyboardsElder(x.Content)
	case *container.Scroll:
		s.keyboardsElder(x.Content)
	}
}
