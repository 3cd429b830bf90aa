// Package preview draws a printing.Slip as the thermal printer would print it, so a
// screen can show a slip (a ticket whose printer failed, a receipt before printing) and a
// person can check a layout without paper. One pixel is one printer dot (203 dpi): a
// line is cols×12 dots wide, a normal line 30 dots high, ASCII characters 12 dots wide and
// Chinese characters 24, exactly the cells the ESC/POS encoder fills. Text is drawn with
// the bundled WenQuanYi Micro Hei font (assets.FontRegular), a character it lacks (𠮷
// U+20BB7) with a system fallback font that has it (FallbackFontFiles), QR codes with go-qrcode at
// the module size the encoder asks of the printer, and each cut as a dashed line.
package preview

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"sync"

	qrcode "github.com/skip2/go-qrcode"
	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"servicehall/assets"
	"servicehall/printing"
)

// Geometry of the picture, in dots (= pixels).
const (
	// DotsPerColumn is the width of one column: an ASCII character (a Chinese one takes two).
	DotsPerColumn = 12
	// LineHeight is the height of a normal-size line (ESC/POS default line spacing).
	LineHeight = 30
	// Margin is the blank paper above the first line and below the last element.
	Margin = 12
	// CodePadding is the blank space above and below a QR code or barcode.
	CodePadding = 8
	// BarcodeHeight is the height of a barcode's bars (as escpos.BarcodeHeight).
	BarcodeHeight = 64
	// CutHeight is the band a cut takes: the paper fed to the cutter, the dashed line in it.
	CutHeight = 36
	// LatinSize is the pixel size ASCII is drawn at (Chinese is drawn at 24): the font's
	// Latin letters are wide, and a printer's ASCII cell is only 12 dots.
	LatinSize = 20
)

// Region is where one laid-out element of the slip was drawn.
type Region struct {
	// Kind is the element's kind (a separator is drawn as its text).
	Kind printing.Kind
	// Text is the line's text, or the payload of a QR code or barcode.
	Text string
	// Style is a text line's style.
	Style printing.Style
	// Rect is the area the element takes on the paper; for text, the whole line's band
	// across the paper.
	Rect image.Rectangle
	// Ink is the part of Rect actually drawn on: the text's cells, the QR symbol, the bars.
	Ink image.Rectangle
}

var parsedFont = sync.OnceValues(func() (*opentype.Font, error) {
	return opentype.Parse(assets.FontRegular)
})

// Render draws s laid out for cols columns on white paper cols×12 dots wide, and returns
// the picture (black ink on white, grey at glyph edges) with where each element went.
func Render(s *printing.Slip, cols int) (*image.Gray, []Region, error) {
	if s == nil {
		return nil, nil, errors.New("preview: nil slip")
	}
	if cols < printing.MinColumns {
		return nil, nil, fmt.Errorf("preview: %d columns is narrower than %d", cols, printing.MinColumns)
	}
	f, err := parsedFont()
	if err != nil {
		return nil, nil, fmt.Errorf("preview: bundled font: %w", err)
	}
	if s.LineSpacing < 0 || s.LineSpacing > 255 {
		return nil, nil, fmt.Errorf("preview: line spacing %d dots is not 0–255", s.LineSpacing)
	}
	r := &renderer{width: cols * DotsPerColumn, glyphs: map[glyphKey]*image.Alpha{}, spacing: LineHeight, font: f}
	if s.LineSpacing > 0 {
		r.spacing = s.LineSpacing
	}
	r.face, err = opentype.NewFace(f, &opentype.FaceOptions{Size: 24, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, nil, fmt.Errorf("preview: font face: %w", err)
	}
	defer r.face.Close()
	r.latin, err = opentype.NewFace(f, &opentype.FaceOptions{Size: LatinSize, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, nil, fmt.Errorf("preview: font face: %w", err)
	}
	defer r.latin.Close()
	defer func() {
		for _, fb := range r.fallback {
			if fb != nil {
				fb.Close()
			}
		}
	}()

	blocks := s.Layout(cols)
	// First pass: heights, so the paper is cut to length before drawing.
	regions := make([]Region, len(blocks))
	y := Margin
	for i, b := range blocks {
		h, err := r.height(b)
		if err != nil {
			return nil, nil, fmt.Errorf("preview: block %d (%s): %w", i, b.Kind, err)
		}
		regions[i] = Region{Kind: b.Kind, Text: b.Text, Style: b.Style, Rect: image.Rect(0, y, r.width, y+h)}
		if b.Kind == printing.KindQR || b.Kind == printing.KindBarcode {
			regions[i].Text = b.Payload
		}
		if b.Kind == printing.KindSeparator {
			regions[i].Kind = printing.KindText
		}
		y += h
	}
	r.ink = image.NewAlpha(image.Rect(0, 0, r.width, y+Margin))
	for i, b := range blocks {
		regions[i].Ink = r.draw(b, regions[i].Rect)
	}
	paper := image.NewGray(r.ink.Rect)
	for i, a := range r.ink.Pix {
		paper.Pix[i] = 255 - a
	}
	return paper, regions, nil
}

// PNG renders s for cols columns (see Render) and encodes the picture as PNG.
func PNG(s *printing.Slip, cols int) ([]byte, error) {
	img, _, err := Render(s, cols)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	return buf.Bytes(), nil
}

type glyphKey struct {
	r    rune
	bold bool
}

type renderer struct {
	width   int
	spacing int          // dots from one normal line's top to the next (ESC 3 n)
	face    font.Face    // 24 px: Chinese and every other two-column character
	latin   font.Face    // LatinSize px: ASCII, closer to a printer's narrow 12×24 font
	ink     *image.Alpha // 255 where the printer burns a dot
	glyphs  map[glyphKey]*image.Alpha

	font     *opentype.Font // the bundled font
	buf      sfnt.Buffer
	fallback []font.Face // 24 px faces of fallbackFonts(), made when first needed
}

// faceFor is the face ch is drawn with: the bundled font's, or for a character it lacks,
// the first fallback font's that has it (at the same size), or the bundled one's (a box).
func (r *renderer) faceFor(ch rune) font.Face {
	if ch < 0x80 {
		return r.latin
	}
	if hasGlyph(r.font, &r.buf, ch) {
		return r.face
	}
	fonts := fallbackFonts()
	if r.fallback == nil {
		r.fallback = make([]font.Face, len(fonts))
	}
	for i, f := range fonts {
		if !hasGlyph(f, &r.buf, ch) {
			continue
		}
		if r.fallback[i] == nil {
			face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 24, DPI: 72, Hinting: font.HintingFull})
			if err != nil {
				continue
			}
			r.fallback[i] = face
		}
		return r.fallback[i]
	}
	return r.face
}

// height is the paper an element takes.
func (r *renderer) height(b printing.Block) (int, error) {
	switch b.Kind {
	case printing.KindText:
		return r.lineHeight(b.Style.Size.ScaleY()), nil
	case printing.KindSeparator:
		return r.lineHeight(1), nil
	case printing.KindQR:
		n, m, err := r.qrGeometry(b)
		if err != nil {
			return 0, err
		}
		return n*m + 2*CodePadding, nil
	case printing.KindBarcode:
		if _, err := r.barcodeGeometry(b.Payload); err != nil {
			return 0, err
		}
		return BarcodeHeight + LineHeight + 2*CodePadding, nil
	case printing.KindFeed:
		return r.spacing * b.Lines, nil
	case printing.KindCut:
		return CutHeight, nil
	}
	return 0, fmt.Errorf("unknown block kind %d", b.Kind)
}

func (r *renderer) qrGeometry(b printing.Block) (modules, module int, err error) {
	if modules, err = printing.QRModules(b.Payload); err != nil {
		return 0, 0, err
	}
	module, err = printing.QRModuleSize(b.Payload, b.QRSize, r.width)
	return modules, module, err
}

func (r *renderer) barcodeGeometry(payload string) (int, error) {
	if _, err := printing.Code128(payload); err != nil {
		return 0, err
	}
	return printing.Code128ModuleWidth(len(payload), r.width)
}

// lineHeight is the paper a line of height scale sy takes: the line spacing, but never
// less than the characters' height (24 dots a scale) plus 2.
func (r *renderer) lineHeight(sy int) int {
	return max(r.spacing+(sy-1)*LineHeight, 26*sy)
}

// draw puts an element on the paper in rect and returns the inked area.
func (r *renderer) draw(b printing.Block, rect image.Rectangle) image.Rectangle {
	switch b.Kind {
	case printing.KindText:
		return r.text(b.Text, b.Style, rect.Min.Y)
	case printing.KindSeparator:
		return r.text(b.Text, printing.Plain, rect.Min.Y)
	case printing.KindQR:
		return r.qr(b, rect)
	case printing.KindBarcode:
		return r.barcode(b.Payload, rect)
	case printing.KindCut:
		return r.cut(rect, b.Full)
	}
	return image.Rectangle{}
}

// text draws one laid-out line: each character centred in its cell (1 or 2 columns),
// magnified as the style says.
func (r *renderer) text(line string, st printing.Style, top int) image.Rectangle {
	sx, sy := st.Size.ScaleX(), st.Size.ScaleY()
	w := printing.Width(line) * DotsPerColumn * sx
	x := 0
	switch st.Align {
	case printing.AlignCenter:
		x = (r.width - w) / 2
	case printing.AlignRight:
		x = r.width - w
	}
	x = max(x, 0)
	start := x
	for _, ch := range line {
		cols := printing.RuneWidth(ch)
		if cols == 0 {
			continue
		}
		cw := cols * DotsPerColumn
		if ch != ' ' {
			g := r.glyph(ch, st.Bold, cw)
			dst := image.Rect(x, top, x+cw*sx, top+LineHeight*sy)
			if sx == 1 && sy == 1 && g.Rect.Dx() == cw {
				draw.Draw(r.ink, dst, g, image.Point{}, draw.Over)
			} else {
				draw.BiLinear.Scale(r.ink, dst, g, g.Rect, draw.Over, nil)
			}
		}
		x += cw * sx
	}
	return image.Rect(start, top, x, top+LineHeight*sy)
}

// glyph returns ch drawn in a cell cw dots wide and LineHeight high. A glyph wider than its
// cell (Latin W, m) is drawn at its width and squeezed into the cell when placed, as a
// printer's narrow 12×24 font would print it; a character the font lacks is a hollow box.
func (r *renderer) glyph(ch rune, bold bool, cw int) *image.Alpha {
	k := glyphKey{ch, bold}
	if g, ok := r.glyphs[k]; ok {
		return g
	}
	face := r.faceFor(ch)
	adv, ok := face.GlyphAdvance(ch)
	extra := 0
	if bold {
		extra = 1
	}
	tw := max(cw, adv.Ceil()+extra)
	g := image.NewAlpha(image.Rect(0, 0, tw, LineHeight))
	if !ok {
		// Missing glyph: a box, as a printer without the character prints one.
		box := image.Rect(3, 5, tw-3, LineHeight-5)
		for x := box.Min.X; x < box.Max.X; x++ {
			g.SetAlpha(x, box.Min.Y, opaque)
			g.SetAlpha(x, box.Max.Y-1, opaque)
		}
		for y := box.Min.Y; y < box.Max.Y; y++ {
			g.SetAlpha(box.Min.X, y, opaque)
			g.SetAlpha(box.Max.X-1, y, opaque)
		}
	} else {
		// Ascent 23 + descent 6 = 29 of the 30-dot line: the baseline sits 24 down.
		x := fixed.I(tw-extra) - adv
		d := font.Drawer{Dst: g, Src: image.Opaque, Face: face, Dot: fixed.Point26_6{X: x / 2, Y: fixed.I(24)}}
		d.DrawString(string(ch))
		if bold { // emphasis: strike twice, one dot apart, as the printer does
			d.Dot = fixed.Point26_6{X: x/2 + fixed.I(1), Y: fixed.I(24)}
			d.DrawString(string(ch))
		}
	}
	r.glyphs[k] = g
	return g
}

var opaque = color.Alpha{A: 255}

func (r *renderer) qr(b printing.Block, rect image.Rectangle) image.Rectangle {
	q, err := qrcode.New(b.Payload, printing.QRLevel)
	if err != nil {
		return image.Rectangle{} // height() already checked the payload
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	_, m, _ := r.qrGeometry(b)
	n := len(bm)
	x0 := (r.width - n*m) / 2
	y0 := rect.Min.Y + CodePadding
	for y, row := range bm {
		for x, on := range row {
			if on {
				r.fill(image.Rect(x0+x*m, y0+y*m, x0+(x+1)*m, y0+(y+1)*m))
			}
		}
	}
	return image.Rect(x0, y0, x0+n*m, y0+n*m)
}

func (r *renderer) barcode(payload string, rect image.Rectangle) image.Rectangle {
	widths, _ := printing.Code128(payload)
	w, _ := r.barcodeGeometry(payload)
	total := printing.Code128Modules(len(payload)) * w
	x := (r.width - total) / 2
	y0 := rect.Min.Y + CodePadding
	start := x
	for i, el := range widths {
		ew := int(el) * w
		if i%2 == 0 {
			r.fill(image.Rect(x, y0, x+ew, y0+BarcodeHeight))
		}
		x += ew
	}
	// The human-readable text below (GS H 2).
	r.text(payload, printing.Centered, y0+BarcodeHeight)
	return image.Rect(start, y0, x, y0+BarcodeHeight)
}

// cut draws a dashed line across the paper in the middle of the cut band, with a gap in
// the middle (the hinge) for a partial cut.
func (r *renderer) cut(rect image.Rectangle, full bool) image.Rectangle {
	y := rect.Min.Y + rect.Dy()/2 - 1
	hinge := image.Rect(r.width/2-12, y, r.width/2+12, y+2)
	for x := 0; x < r.width; x += 12 {
		dash := image.Rect(x, y, min(x+8, r.width), y+2)
		if !full && dash.Overlaps(hinge) {
			continue
		}
		r.fill(dash)
	}
	return image.Rect(0, y, r.width, y+2)
}

func (r *renderer) fill(rect image.Rectangle) {
	draw.Draw(r.ink, rect, image.Opaque, image.Point{}, draw.Src)
}
