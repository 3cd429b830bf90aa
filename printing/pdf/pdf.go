// Package pdf renders a printing.Slip as an A4 or A5 PDF for the hall's laser printers
// (acceptance receipts and one-time notices through CUPS, or a pdf: file): the same laid-out
// lines the thermal printer gets (Slip.Layout, at the column count the page and font give),
// drawn with the bundled WenQuanYi Micro Hei font, of which only the glyphs used are
// embedded, QR codes as images, Code128 barcodes as bars, separators as thin rules, and a
// cut in the middle of a document as a new page. The document's title, hall and the
// program are in the PDF's metadata (Title, Author, Subject, Creator).
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"servicehall/assets"
	"servicehall/printing"
)

// PageSize is a paper size with the margins and type size used on it.
type PageSize struct {
	// Name is the paper's name: "A4", "A5".
	Name string
	// Width and Height are the page's size in millimetres (portrait).
	Width, Height float64
	// Margin is the blank border on each side, in millimetres.
	Margin float64
	// FontSize is the body text's size in points; double-size lines are twice as large.
	FontSize float64
}

// Page sizes.
var (
	// A4 is 210 × 297 mm with 20 mm margins and 11 pt text (84 columns).
	A4 = PageSize{Name: "A4", Width: 210, Height: 297, Margin: 20, FontSize: 11}
	// A5 is 148 × 210 mm with 14 mm margins and 9.5 pt text (71 columns).
	A5 = PageSize{Name: "A5", Width: 148, Height: 210, Margin: 14, FontSize: 9.5}
)

// ParsePageSize reads a page size as a flag gives it: "A4" or "A5" (any case).
func ParsePageSize(s string) (PageSize, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "A4":
		return A4, nil
	case "A5":
		return A5, nil
	}
	return PageSize{}, fmt.Errorf("pdf: unknown page size %q: want A4 or A5", s)
}

// Creator is the program named in every PDF's Creator field.
const Creator = "servicehall"

const (
	ptToMM    = 25.4 / 72
	leading   = 1.6   // line height as a multiple of the type size
	fontName  = "wqy" // the bundled font's family name inside the PDF
	boldWidth = 0.18  // mm: the outline that makes text bold (the font has no bold face)
)

// Columns is the number of thermal-printer columns (a Chinese character is two) a body
// line holds on page size p: the width Render lays slips out for.
func (p PageSize) Columns() int {
	colMM := p.FontSize * ptToMM / 2
	return int((p.Width - 2*p.Margin) / colMM)
}

// Render lays doc out for the page size and returns the PDF. It fails on a nil document,
// a page size without room for text, a QR payload too long for a symbol, or a barcode
// payload that is not printable ASCII.
func Render(doc *printing.Slip, size PageSize) ([]byte, error) {
	if doc == nil {
		return nil, errors.New("pdf: nil document")
	}
	if size.Width <= 2*size.Margin || size.Height <= 2*size.Margin || size.FontSize <= 0 || size.Columns() < printing.MinColumns {
		return nil, fmt.Errorf("pdf: page size %+v leaves no room for text", size)
	}
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: size.Width, Ht: size.Height}})
	f.SetMargins(size.Margin, size.Margin, size.Margin)
	f.SetAutoPageBreak(false, size.Margin)
	f.AddUTF8FontFromBytes(fontName, "", assets.FontRegular)
	title := doc.Title
	if title == "" {
		title = doc.Name
	}
	f.SetTitle(title, true)
	f.SetAuthor(doc.Hall, true)
	f.SetSubject(strings.TrimSpace(title+" · "+doc.Hall), true)
	f.SetCreator(Creator, true)
	f.SetFont(fontName, "", size.FontSize)
	f.SetDrawColor(0, 0, 0)
	f.SetTextColor(0, 0, 0)
	f.AddPage()
	r := &renderer{f: f, size: size, y: size.Margin}
	blocks := doc.Layout(size.Columns())
	for i, b := range blocks {
		if err := r.block(b, i, blocks); err != nil {
			return nil, fmt.Errorf("pdf: block %d (%s): %w", i, b.Kind, err)
		}
		if err := f.Error(); err != nil {
			return nil, fmt.Errorf("pdf: %w", err)
		}
	}
	r.pageNumbers()
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}

type renderer struct {
	f    *fpdf.Fpdf
	size PageSize
	y    float64 // top of the next element, mm
	qrs  int     // images registered
}

func (r *renderer) bodyWidth() float64 { return r.size.Width - 2*r.size.Margin }

// lineHeight is the height of a body line, mm.
func (r *renderer) lineHeight() float64 { return r.size.FontSize * ptToMM * leading }

// room starts a new page when h mm do not fit below y (unless the page is still empty).
func (r *renderer) room(h float64) {
	bottom := r.size.Height - r.size.Margin - r.lineHeight() // the page number's line
	if r.y+h > bottom && r.y > r.size.Margin {
		r.f.AddPage()
		r.y = r.size.Margin
	}
}

func (r *renderer) block(b printing.Block, i int, all []printing.Block) error {
	switch b.Kind {
	case printing.KindText:
		r.text(b.Text, b.Style)
	case printing.KindSeparator:
		r.separator(b.Text)
	case printing.KindQR:
		return r.qr(b)
	case printing.KindBarcode:
		return r.barcode(b.Payload)
	case printing.KindFeed:
		r.y += float64(b.Lines) * r.lineHeight() / 2 // paper feeds are generous; a page is not
	case printing.KindCut:
		// A cut ends one printed piece: the next piece starts a new page. A cut followed
		// by nothing printable ends the document.
		for _, n := range all[i+1:] {
			if n.Kind != printing.KindFeed && n.Kind != printing.KindCut {
				r.f.AddPage()
				r.y = r.size.Margin
				break
			}
		}
	default:
		return fmt.Errorf("unknown block kind %d", b.Kind)
	}
	return nil
}

// text draws one laid-out line. Double width and double size print at twice the type
// size (Layout made those lines half as many columns); double height alone at 1.3 times.
// A line that would still overflow (wide Latin letters) is set smaller until it fits.
func (r *renderer) text(line string, st printing.Style) {
	scale := float64(st.Size.ScaleX())
	if st.Size == printing.SizeDoubleHeight {
		scale = 1.3
	}
	pt := r.size.FontSize * scale
	h := r.lineHeight() * scale
	r.room(h)
	r.f.SetFontSize(pt)
	rs := runs(line)
	for pt > 4 && r.lineWidth(rs, pt) > r.bodyWidth() {
		pt *= 0.95
		r.f.SetFontSize(pt)
	}
	align := map[printing.Align]string{printing.AlignLeft: "LM", printing.AlignCenter: "CM", printing.AlignRight: "RM"}[st.Align]
	r.f.SetXY(r.size.Margin, r.y)
	if st.Bold {
		r.f.SetLineWidth(boldWidth)
		r.f.SetTextRenderingMode(2) // fill and stroke: the font has no bold face
	}
	if len(rs) == 1 && rs[0].fb == nil {
		r.f.CellFormat(r.bodyWidth(), h, line, "", 0, align, false, 0, "")
	} else {
		// Characters the bundled font lacks: run by run, placed as CellFormat would place
		// the whole line.
		sw := r.lineWidth(rs, pt)
		x := r.size.Margin + r.f.GetCellMargin()
		switch st.Align {
		case printing.AlignCenter:
			x = r.size.Margin + (r.bodyWidth()-sw)/2
		case printing.AlignRight:
			x = r.size.Margin + r.bodyWidth() - r.f.GetCellMargin() - sw
		}
		base := r.y + h/2 + 0.3*pt*ptToMM
		for _, rn := range rs {
			if rn.fb == nil {
				r.f.Text(x, base, rn.text)
			} else {
				r.fallbackGlyph(rn, x, base, pt, st.Bold)
			}
			x += r.width(rn, pt)
		}
	}
	if st.Bold {
		r.f.SetTextRenderingMode(0)
	}
	r.f.SetFontSize(r.size.FontSize)
	r.y += h
}

// separator draws a thin rule across the body for a rule of '-' or '=' (two rules), and
// the pattern as text otherwise (a printer test page's digit ruler).
func (r *renderer) separator(pattern string) {
	p := strings.Trim(pattern, "-")
	if p != "" && strings.Trim(pattern, "=") != "" {
		r.text(pattern, printing.Plain)
		return
	}
	h := r.lineHeight() * 0.8
	r.room(h)
	r.f.SetLineWidth(0.25)
	mid := r.y + h/2
	x0, x1 := r.size.Margin, r.size.Width-r.size.Margin
	if p == "" {
		r.f.Line(x0, mid, x1, mid)
	} else {
		r.f.Line(x0, mid-0.5, x1, mid-0.5)
		r.f.Line(x0, mid+0.5, x1, mid+0.5)
	}
	r.y += h
}

// QR code sides, mm, by size hint on A4 (A5 scales by its type size).
var qrSides = map[printing.QRSize]float64{printing.QRSmall: 22, printing.QRMedium: 30, printing.QRLarge: 40}

func (r *renderer) qr(b printing.Block) error {
	q, err := qrcode.New(b.Payload, printing.QRLevel)
	if err != nil {
		return fmt.Errorf("QR payload of %d bytes: %w", len(b.Payload), err)
	}
	q.DisableBorder = true
	png, err := q.PNG(-4) // 4 pixels a module: sharp when scaled, small when embedded
	if err != nil {
		return fmt.Errorf("QR image: %w", err)
	}
	side := qrSides[b.QRSize] * r.size.FontSize / A4.FontSize
	pad := r.lineHeight() / 3
	r.room(side + 2*pad)
	r.qrs++
	name := "qr" + strconv.Itoa(r.qrs)
	r.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	r.f.ImageOptions(name, (r.size.Width-side)/2, r.y+pad, side, side, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	r.y += side + 2*pad
	return nil
}

// Barcode geometry, mm.
const (
	barModule = 0.33 // narrowest bar: 13 mil, well inside what scanners read
	barHeight = 12
)

func (r *renderer) barcode(payload string) error {
	widths, err := printing.Code128(payload)
	if err != nil {
		return err
	}
	total := float64(printing.Code128Modules(len(payload))) * barModule
	module := barModule
	if total > r.bodyWidth() {
		module = r.bodyWidth() / float64(printing.Code128Modules(len(payload)))
		total = r.bodyWidth()
	}
	pad := r.lineHeight() / 3
	r.room(barHeight + r.lineHeight() + 2*pad)
	x := (r.size.Width - total) / 2
	r.f.SetFillColor(0, 0, 0)
	for i, w := range widths {
		wd := float64(w) * module
		if i%2 == 0 {
			r.f.Rect(x, r.y+pad, wd, barHeight, "F")
		}
		x += wd
	}
	r.y += barHeight + pad
	r.text(payload, printing.Centered)
	r.y += pad
	return nil
}

// pageNumbers writes "n / N" at the foot of every page of a document of more than one page.
func (r *renderer) pageNumbers() {
	n := r.f.PageCount()
	if n < 2 {
		return
	}
	for i := 1; i <= n; i++ {
		r.f.SetPage(i)
		r.f.SetFontSize(r.size.FontSize * 0.8)
		r.f.SetXY(r.size.Margin, r.size.Height-r.size.Margin)
		r.f.CellFormat(r.bodyWidth(), r.lineHeight(), strconv.Itoa(i)+" / "+strconv.Itoa(n), "", 0, "CM", false, 0, "")
	}
}
