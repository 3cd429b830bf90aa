package kiosk

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app/ui"
)

// Special keys of a keypad; every other key types its own text.
const (
	KeyBack  = "back"  // delete the last character
	KeyClear = "clear" // empty the field
)

// KeyHeight is the height of one keypad key: a finger's target, at least 60.
const KeyHeight = 64

// Keypad layouts. Letters are QWERTY, the order a pinyin typist knows from phones; the
// digit row serves credit codes and tracking numbers.
var (
	letterRows = [][]string{
		{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
		{"Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"},
		{"A", "S", "D", "F", "G", "H", "J", "K", "L", "-"},
		{"Z", "X", "C", "V", "B", "N", "M"},
	}
	digitRows = [][]string{
		{"1", "2", "3"},
		{"4", "5", "6"},
		{"7", "8", "9"},
		{"X", "0"},
	}
)

// keypad is an on-screen keyboard: big buttons that call onKey with the key's text, or
// KeyBack and KeyClear. It types into nothing by itself: its owner decides where.
type keypad struct {
	obj   fyne.CanvasObject
	keys  map[string]*widget.Button
	back  *widget.Button
	clear *widget.Button
}

// newLetterPad returns the letter keyboard of the guide search and of the progress and
// credit-code fields.
func newLetterPad(onKey func(string)) *keypad { return newKeypad(letterRows, 10, onKey) }

// newDigitPad returns the numeric keypad of ID number, phone, number and date fields. X is
// the check character of a resident ID number.
func newDigitPad(onKey func(string)) *keypad { return newKeypad(digitRows, 3, onKey) }

func newKeypad(rows [][]string, cols int, onKey func(string)) *keypad {
	p := &keypad{keys: map[string]*widget.Button{}}
	grid := container.NewGridWithColumns(cols)
	for _, row := range rows {
		for _, k := range row {
			b := widget.NewButton(k, func() { onKey(k) })
			p.keys[k] = b
			grid.Add(ui.WithHeight(b, KeyHeight))
		}
	}
	p.back = widget.NewButtonWithIcon("", theme.ContentUndoIcon(), func() { onKey(KeyBack) })
	p.clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { onKey(KeyClear) })
	// The last row is short: back and clear fill it (digit pad: after X and 0, back alone;
	// clear gets a row of its own only where there is room).
	last := len(rows[len(rows)-1])
	switch free := cols - last; {
	case free >= 3:
		grid.Add(ui.WithHeight(p.back, KeyHeight))
		grid.Add(ui.WithHeight(p.clear, KeyHeight))
		p.obj = grid
	default:
		grid.Add(ui.WithHeight(p.back, KeyHeight))
		p.obj = container.NewVBox(grid, ui.WithHeight(p.clear, KeyHeight))
	}
	return p
}

// retext labels the back and clear keys in loc's language.
func (p *keypad) retext(loc *ui.Localizer) {
	p.back.SetText(loc.T("guide.key_back"))
	p.clear.SetText(loc.T("guide.key_clear"))
}

// press returns s after key: the key's text appended, the last character removed
// (KeyBack) or nothing (KeyClear). max > 0 caps the length in characters.
func press(s, key string, max int) string {
	switch key {
	case KeyBack:
		if s == "" {
			return s
		}
		_, n := utf8.DecodeLastRuneInString(s)
		return s[:len(s)-n]
	case KeyClear:
		return ""
	}
	if max > 0 && utf8.RuneCountInString(s) >= max {
		return s
	}
	return s + key
}

// pressDate types a digit into a date written 2006-01-02: the dashes come by themselves.
func pressDate(s, key string) string {
	digits := strings.ReplaceAll(s, "-", "")
	switch key {
	case KeyBack, KeyClear:
		digits = press(digits, key, 0)
	default:
		if key < "0" || key > "9" || len(key) != 1 {
			return s
		}
		digits = press(digits, key, 8)
	}
	switch {
	case len(digits) > 6:
		return digits[:4] + "-" + digits[4:6] + "-" + digits[6:]
	case len(digits) > 4:
		return digits[:4] + "-" + digits[4:]
	}
	return digits
}
