package ui_test

import (
	"bytes"
	"image/png"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"servicehall/app/ui"
)

// render draws one label with the app's theme and returns the PNG bytes.
func render(t *testing.T, text string) []byte {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(ui.NewTheme())
	w := test.NewWindow(widget.NewLabel(text))
	defer w.Close()
	w.Resize(fyne.NewSize(120, 50))
	var buf bytes.Buffer
	if err := png.Encode(&buf, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRareNameCharactersAreDrawn: the bundled WenQuanYi Micro Hei has no glyphs outside
// the BMP, so a rare name character such as 𠮷 (U+20BB7) comes from Fyne's fallback to the
// system's fonts; `make deps` installs Debian's fonts-hanazono (HanaMinB covers CJK
// extension B). Without it 𠮷 would draw like a character no font has.
func TestRareNameCharactersAreDrawn(t *testing.T) {
	rare := render(t, "𠮷")
	missing := render(t, "\U000F0000") // a private-use character no font draws
	if bytes.Equal(rare, missing) {
		t.Fatal("𠮷 renders as a missing glyph: install fonts-hanazono (make deps)")
	}
	if bytes.Equal(render(t, "吉"), rare) {
		t.Fatal("𠮷 renders exactly like 吉")
	}
}
