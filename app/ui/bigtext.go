package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// BigText is one line of large text (a ticket number, a call on the board) that shrinks
// to fit the width it is given instead of pushing the window wider or being clipped.
type BigText struct {
	widget.BaseWidget

	// Text is the line shown; change it with SetText.
	Text string
	// TextSize is the largest text size used; smaller when the width demands.
	TextSize float32
	// Bold draws the bold style of the theme font.
	Bold bool
	// ColorName is the theme colour of the text; foreground when empty.
	ColorName fyne.ThemeColorName
	// Alignment places the text in its width; centred by default.
	Alignment fyne.TextAlign
}

// NewBigText returns a centred line of text at most size tall.
func NewBigText(text string, size float32) *BigText {
	b := &BigText{Text: text, TextSize: size, Alignment: fyne.TextAlignCenter}
	b.ExtendBaseWidget(b)
	return b
}

// SetText changes the line shown.
func (b *BigText) SetText(s string) {
	b.Text = s
	b.Refresh()
}

// CreateRenderer returns the renderer that fits the text to its width.
func (b *BigText) CreateRenderer() fyne.WidgetRenderer {
	t := canvas.NewText(b.Text, theme.Color(theme.ColorNameForeground))
	r := &bigTextRenderer{b: b, text: t}
	r.Refresh()
	return r
}

type bigTextRenderer struct {
	b    *BigText
	text *canvas.Text
	size fyne.Size
}

func (r *bigTextRenderer) style() fyne.TextStyle { return fyne.TextStyle{Bold: r.b.Bold} }

// MinSize is as tall as the text at full size and wide enough for it at a third of it.
func (r *bigTextRenderer) MinSize() fyne.Size {
	full := fyne.MeasureText("国"+r.b.Text, r.b.TextSize, r.style())
	small := fyne.MeasureText(r.b.Text, r.b.TextSize/3, r.style())
	return fyne.NewSize(small.Width, full.Height)
}

func (r *bigTextRenderer) Layout(size fyne.Size) {
	r.size = size
	ts := r.b.TextSize
	if w := fyne.MeasureText(r.b.Text, ts, r.style()).Width; w > size.Width && w > 0 {
		ts = max(ts*size.Width/w*0.98, 1)
	}
	r.text.TextSize = ts
	h := fyne.MeasureText(r.b.Text, ts, r.style()).Height
	r.text.Resize(fyne.NewSize(size.Width, h))
	r.text.Move(fyne.NewPos(0, (size.Height-h)/2))
}

func (r *bigTextRenderer) Refresh() {
	r.text.Text = r.b.Text
	r.text.TextStyle = r.style()
	r.text.Alignment = r.b.Alignment
	name := r.b.ColorName
	if name == "" {
		name = theme.ColorNameForeground
	}
	r.text.Color = theme.ColorForWidget(name, r.b)
	r.Layout(r.size)
	r.text.Refresh()
}

func (r *bigTextRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.text} }
func (r *bigTextRenderer) Destroy()                     {}
