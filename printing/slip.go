// Package printing holds servicehall's printed documents in a form that knows nothing of
// any device: a Slip is an ordered list of blocks (styled text, separators, QR codes,
// Code128 barcodes, blank feeds, cuts). Builders put a document together from plain data
// whose strings the caller has already translated: TicketSlip (queue slip),
// PreApplicationSlip, MaterialsList, AcceptanceReceipt, OneTimeNotice, RequestSlip,
// RatingThanks and TestSlip; they mask personal data themselves. Slip.Layout wraps a
// document once for a width in columns, and every encoder (printing/escpos for thermal
// printers, printing/pdf for A4/A5 pages) and renderer (printing/preview) draws exactly
// those lines, so the printed slip, the PDF and the on-screen preview agree. Status is
// what a printer says about itself (paper out, cover open…).
//
// Encoders and devices import this package, never the reverse.
package printing

import (
	"fmt"
	"strings"
	"unicode"
)

// Align is the horizontal alignment of a line.
type Align uint8

// Alignments.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// String names the alignment.
func (a Align) String() string {
	switch a {
	case AlignLeft:
		return "left"
	case AlignCenter:
		return "center"
	case AlignRight:
		return "right"
	}
	return fmt.Sprintf("Align(%d)", uint8(a))
}

// Size is a character magnification, as thermal printers offer it.
type Size uint8

// Sizes.
const (
	SizeNormal       Size = iota // 1×1
	SizeDoubleWidth              // 2× wide, 1× high
	SizeDoubleHeight             // 1× wide, 2× high
	SizeDouble                   // 2× wide, 2× high
)

// String names the size.
func (s Size) String() string {
	switch s {
	case SizeNormal:
		return "normal"
	case SizeDoubleWidth:
		return "double-width"
	case SizeDoubleHeight:
		return "double-height"
	case SizeDouble:
		return "double"
	}
	return fmt.Sprintf("Size(%d)", uint8(s))
}

// ScaleX is the horizontal magnification of s: 1 or 2.
func (s Size) ScaleX() int {
	if s == SizeDoubleWidth || s == SizeDouble {
		return 2
	}
	return 1
}

// ScaleY is the vertical magnification of s: 1 or 2.
func (s Size) ScaleY() int {
	if s == SizeDoubleHeight || s == SizeDouble {
		return 2
	}
	return 1
}

// Style is how a line of text is printed.
type Style struct {
	Align Align
	Bold  bool
	Size  Size
}

// Common styles.
var (
	// Plain is left-aligned, normal text.
	Plain = Style{}
	// Centered is centred, normal text.
	Centered = Style{Align: AlignCenter}
)

// Kind says what a Block is.
type Kind uint8

// Block kinds.
const (
	KindText      Kind = iota + 1 // styled text (a paragraph before layout, one line after)
	KindSeparator                 // a full-width rule drawn with a repeated pattern
	KindQR                        // a QR code, centred
	KindBarcode                   // a Code128 barcode, centred, human-readable text below
	KindFeed                      // blank lines
	KindCut                       // feed to the cutter and cut (partial cut)
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindText:
		return "text"
	case KindSeparator:
		return "separator"
	case KindQR:
		return "qr"
	case KindBarcode:
		return "barcode"
	case KindFeed:
		return "feed"
	case KindCut:
		return "cut"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// QRSize is a size hint for a QR code: the share of the paper width it should take.
// Encoders turn it into a module size that fits the paper and the payload.
type QRSize uint8

// QR size hints.
const (
	QRMedium QRSize = iota // about half the paper width (the default)
	QRSmall                // about a third of the paper width
	QRLarge                // about two thirds of the paper width
)

// Block is one element of a slip. Which fields matter depends on Kind:
//   - KindText: Text (may hold '\n' for forced breaks) and Style; Optional lets Layout
//     print it at normal width when at its magnified width it would need more lines.
//   - KindSeparator: Text is the pattern repeated across the line ("-" when empty).
//   - KindQR: Payload and QRSize.
//   - KindBarcode: Payload (printable ASCII, Code128 set B); Optional lets Layout leave
//     it off paper too narrow for it instead of failing the slip.
//   - KindFeed: Lines.
//   - KindCut: Full (a full cut; a partial cut, leaving a hinge, when false).
type Block struct {
	Kind     Kind
	Text     string
	Style    Style
	Payload  string
	QRSize   QRSize
	Lines    int
	Optional bool
	Full     bool
}

// Slip is a printed document: an ordered list of blocks, independent of any device.
// Build one with the chaining methods (Text, Separator, QR, Barcode, Feed, Cut) or with
// a builder such as TicketSlip; print or preview it after Layout.
type Slip struct {
	// Name says what the slip is ("ticket", "test"); devices may use it in file names.
	Name string
	// Title is the document's title as printed ("受理回执"); PDFs carry it in their
	// metadata. Hall is the hall's name, the PDF's author.
	Title, Hall string
	// LineSpacing is the distance between the tops of two normal lines, in printer dots
	// (ESC 3 n, 1–255); 0 keeps the printer's default (30 dots, ESC 2).
	LineSpacing int
	Blocks      []Block
}

// NewSlip returns an empty slip with the given name.
func NewSlip(name string) *Slip { return &Slip{Name: name} }

// Text appends a paragraph of text in the given style. An empty text is skipped; use
// Feed for blank lines.
func (s *Slip) Text(text string, st Style) *Slip {
	if text == "" {
		return s
	}
	s.Blocks = append(s.Blocks, Block{Kind: KindText, Text: text, Style: st})
	return s
}

// Separator appends a full-width rule of '-'.
func (s *Slip) Separator() *Slip { return s.Rule("-") }

// Rule appends a full-width line repeating pattern (printable ASCII, e.g. "=" or
// "1234567890"), cut off at the paper's column count.
func (s *Slip) Rule(pattern string) *Slip {
	s.Blocks = append(s.Blocks, Block{Kind: KindSeparator, Text: pattern})
	return s
}

// QR appends a centred QR code. An empty payload is skipped.
func (s *Slip) QR(payload string, size QRSize) *Slip {
	if payload == "" {
		return s
	}
	s.Blocks = append(s.Blocks, Block{Kind: KindQR, Payload: payload, QRSize: size})
	return s
}

// Barcode appends a centred Code128 barcode with its text printed below. An empty
// payload is skipped. The payload must be printable ASCII (see Code128).
func (s *Slip) Barcode(payload string) *Slip {
	if payload == "" {
		return s
	}
	s.Blocks = append(s.Blocks, Block{Kind: KindBarcode, Payload: payload})
	return s
}

// OptionalBarcode appends a centred Code128 barcode like Barcode, but one that Layout
// leaves off paper too narrow for it (an 18-character tracking number on 58 mm paper)
// instead of failing the whole slip: print the payload as text too.
func (s *Slip) OptionalBarcode(payload string) *Slip {
	if payload == "" {
		return s
	}
	s.Blocks = append(s.Blocks, Block{Kind: KindBarcode, Payload: payload, Optional: true})
	return s
}

// FitText appends text like Text, in a magnified style that Layout drops to normal
// width (keeping height, alignment and emphasis) when the magnified text would take more
// lines than the normal one: a long number stays on one line on narrow paper.
func (s *Slip) FitText(text string, st Style) *Slip {
	if text == "" {
		return s
	}
	s.Blocks = append(s.Blocks, Block{Kind: KindText, Text: text, Style: st, Optional: true})
	return s
}

// Feed appends n blank lines (n ≤ 0 is skipped; at most 255).
func (s *Slip) Feed(n int) *Slip {
	if n <= 0 {
		return s
	}
	s.Blocks = append(s.Blocks, Block{Kind: KindFeed, Lines: min(n, 255)})
	return s
}

// Cut appends a cut: the printer feeds the paper to its cutter and cuts it partially
// (a hinge keeps the slip on the roll until it is torn off).
func (s *Slip) Cut() *Slip {
	s.Blocks = append(s.Blocks, Block{Kind: KindCut})
	return s
}

// FullCut appends a full cut: the slip falls free.
func (s *Slip) FullCut() *Slip {
	s.Blocks = append(s.Blocks, Block{Kind: KindCut, Full: true})
	return s
}

// MinColumns is the narrowest paper Layout accepts.
const MinColumns = 8

// DotsPerColumn is the width in printer dots of one column (a 12×24 ASCII character; a
// Chinese character takes two): 32 columns are 384 dots (58 mm), 48 are 576 (80 mm).
const DotsPerColumn = 12

// Layout lays the slip out for paper cols columns wide (32 for 58 mm, 48 for 80 mm) and
// returns the printed elements in order. In the result every KindText block is exactly
// one printed line whose display width times its horizontal magnification fits cols,
// and every KindSeparator carries the full rule in Text. Other blocks are copied. Text is
// cleaned first: control characters are dropped, tabs become spaces, invalid UTF-8
// becomes U+FFFD. A cols below MinColumns is treated as MinColumns.
func (s *Slip) Layout(cols int) []Block {
	cols = max(cols, MinColumns)
	out := make([]Block, 0, len(s.Blocks)+8)
	for _, b := range s.Blocks {
		switch b.Kind {
		case KindText:
			st := b.Style
			lines := Wrap(Clean(b.Text), cols/st.Size.ScaleX())
			if b.Optional && st.Size.ScaleX() > 1 {
				if normal := Wrap(Clean(b.Text), cols); len(normal) < len(lines) {
					lines = normal
					st.Size = SizeNormal
					if b.Style.Size.ScaleY() > 1 {
						st.Size = SizeDoubleHeight
					}
				}
			}
			for _, line := range lines {
				out = append(out, Block{Kind: KindText, Text: line, Style: st})
			}
		case KindSeparator:
			out = append(out, Block{Kind: KindSeparator, Text: rule(b.Text, cols)})
		case KindBarcode:
			if _, err := Code128ModuleWidth(len(b.Payload), cols*DotsPerColumn); err != nil && b.Optional {
				continue
			}
			b.Optional = false
			out = append(out, b)
		default:
			out = append(out, b)
		}
	}
	return out
}

// rule repeats the printable-ASCII part of pattern to exactly cols columns.
func rule(pattern string, cols int) string {
	var p strings.Builder
	for _, r := range pattern {
		if r > ' ' && r < 0x7f {
			p.WriteRune(r)
		}
	}
	pat := p.String()
	if pat == "" {
		pat = "-"
	}
	return strings.Repeat(pat, cols/len(pat)+1)[:cols]
}

// Clean makes text safe to print: it keeps '\n', turns tabs into spaces, drops every
// other control character (bytes a printer would take as commands) and invisible format
// characters (zero-width space, joiners, BOM), and replaces invalid UTF-8 with U+FFFD.
func Clean(text string) string {
	clean := true
	for _, r := range text {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r < 0xa0) || r == 0xfffd || unicode.Is(unicode.Cf, r) {
			clean = false
			break
		}
	}
	if clean {
		return text // fast path: nothing to change (invalid UTF-8 decodes as U+FFFD)
	}
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || (r >= 0x7f && r < 0xa0) || unicode.Is(unicode.Cf, r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
