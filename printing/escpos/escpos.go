// Package escpos turns a printing.Slip into the ESC/POS byte stream of a thermal receipt
// printer, and (Decode) parses such a stream back so tests can check what was sent.
//
// Text goes out in GB18030 under Chinese mode (FS &), which covers every character, even
// those outside GBK such as 𠮷 (4-byte sequences); printers that take UTF-8 get Chinese
// mode cancelled (FS .) and raw UTF-8. Line spacing is ESC 3 n (ESC 2 for the default),
// QR codes use GS ( k (model 2, module size and level M each by its own function),
// barcodes GS k 73 (Code128, set B), cuts GS V 66 (feed to the cutter, partial cut) or
// GS V 65 (full cut). Real-time status (DLE EOT n) is asked with StatusRequest and read
// with ParseStatus.
package escpos

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"

	"servicehall/printing"
)

// Control bytes.
const (
	LF  = 0x0a
	DLE = 0x10
	EOT = 0x04
	ESC = 0x1b
	FS  = 0x1c
	GS  = 0x1d
)

// Profile describes a printer: its paper and how it takes text.
type Profile struct {
	// Name is the paper's name: "58mm", "80mm".
	Name string
	// Columns is the number of normal-size ASCII characters on a line (12×24 dot font);
	// a Chinese character takes two.
	Columns int
	// Dots is the width of the print area in dots (203 dpi heads: 384 for 58 mm paper,
	// 576 for 80 mm).
	Dots int
	// ChineseMode selects GB18030 text under FS & (true, what Chinese thermal printers
	// expect) or raw UTF-8 after FS . (printers configured for UTF-8).
	ChineseMode bool
	// CutFeed is n of GS V 66 n: extra motion units fed beyond the cutting position.
	CutFeed byte
}

// Paper profiles. Both print GB18030 in Chinese mode; use WithUTF8 for printers that
// take UTF-8.
var (
	// Profile58 is 58 mm paper: 32 columns, 384 dots.
	Profile58 = Profile{Name: "58mm", Columns: 32, Dots: 384, ChineseMode: true}
	// Profile80 is 80 mm paper: 48 columns, 576 dots.
	Profile80 = Profile{Name: "80mm", Columns: 48, Dots: 576, ChineseMode: true}
)

// WithUTF8 returns p sending raw UTF-8 text instead of GB18030.
func (p Profile) WithUTF8() Profile {
	p.ChineseMode = false
	return p
}

// String describes the profile: "58mm GB18030", "80mm UTF-8".
func (p Profile) String() string {
	if p.ChineseMode {
		return p.Name + " GB18030"
	}
	return p.Name + " UTF-8"
}

// ParseProfile reads a profile name as a configuration file or flag gives it: "58",
// "58mm", "80" or "80mm", optionally followed by "-utf8" (e.g. "80mm-utf8").
func ParseProfile(s string) (Profile, error) {
	name, utf, _ := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "-")
	var p Profile
	switch name {
	case "58", "58mm":
		p = Profile58
	case "80", "80mm":
		p = Profile80
	default:
		return Profile{}, fmt.Errorf("escpos: unknown printer profile %q: want 58mm or 80mm, optionally with -utf8", s)
	}
	switch utf {
	case "":
	case "utf8", "utf-8":
		p = p.WithUTF8()
	default:
		return Profile{}, fmt.Errorf("escpos: unknown printer profile %q: want 58mm or 80mm, optionally with -utf8", s)
	}
	return p, nil
}

func (p Profile) validate() error {
	if p.Columns < printing.MinColumns || p.Dots < p.Columns {
		return fmt.Errorf("escpos: profile %q: %d columns on %d dots is not a printer", p.Name, p.Columns, p.Dots)
	}
	return nil
}

// BarcodeHeight is the height in dots of a printed Code128 barcode (8 mm at 203 dpi).
const BarcodeHeight = 64

// Limits of the commands' length fields.
const (
	// MaxQRData is the most bytes GS ( k function 180 stores (pL pH counts 3 more).
	MaxQRData = 7089
	// MaxBarcodeData is the most payload bytes GS k 73 carries after "{B", counting '{'
	// twice as it is escaped.
	MaxBarcodeData = 253
)

// Encode turns s into the ESC/POS bytes for a printer of profile p: ESC @, the text mode
// (FS & or FS .), the line spacing (ESC 3 n, when the slip sets one), then each laid-out line with its alignment (ESC a), emphasis (ESC E)
// and size (GS !) set only when they change, QR codes, barcodes, feeds (ESC d) and cuts
// (GS V 66, or GS V 65 for a full cut). It fails on a nil slip, a line spacing over 255, a bad profile, a QR or barcode that does not fit the
// paper, or a barcode payload that is not printable ASCII; nothing is half-encoded.
func Encode(s *printing.Slip, p Profile) ([]byte, error) {
	if s == nil {
		return nil, errors.New("escpos: nil slip")
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	e := encoder{p: p, buf: bytes.NewBuffer(make([]byte, 0, 1024))}
	if p.ChineseMode {
		e.gb = simplifiedchinese.GB18030.NewEncoder()
	}
	e.init()
	if s.LineSpacing < 0 || s.LineSpacing > 255 {
		return nil, fmt.Errorf("escpos: line spacing %d dots is not 0–255", s.LineSpacing)
	}
	if s.LineSpacing > 0 {
		e.buf.Write([]byte{ESC, '3', byte(s.LineSpacing)})
	}
	for i, b := range s.Layout(p.Columns) {
		if err := e.block(b); err != nil {
			return nil, fmt.Errorf("escpos: block %d (%s): %w", i, b.Kind, err)
		}
	}
	return e.buf.Bytes(), nil
}

// encoder carries the printer state that Encode has set, so commands go out only when
// something changes.
type encoder struct {
	p   Profile
	buf *bytes.Buffer
	gb  interface{ String(string) (string, error) } // nil in UTF-8 mode
	st  printing.Style
}

func (e *encoder) init() {
	e.buf.Write([]byte{ESC, '@'})
	if e.p.ChineseMode {
		e.buf.Write([]byte{FS, '&'})
	} else {
		e.buf.Write([]byte{FS, '.'})
	}
	e.st = printing.Style{} // ESC @: left, not emphasised, normal size
}

func (e *encoder) block(b printing.Block) error {
	switch b.Kind {
	case printing.KindText:
		return e.line(b.Text, b.Style)
	case printing.KindSeparator:
		return e.line(b.Text, printing.Plain)
	case printing.KindQR:
		return e.qr(b.Payload, b.QRSize)
	case printing.KindBarcode:
		return e.barcode(b.Payload)
	case printing.KindFeed:
		e.buf.Write([]byte{ESC, 'd', byte(min(max(b.Lines, 0), 255))})
	case printing.KindCut:
		m := byte(66) // feed and partial cut
		if b.Full {
			m = 65 // feed and full cut
		}
		e.buf.Write([]byte{GS, 'V', m, e.p.CutFeed})
	default:
		return fmt.Errorf("unknown block kind %d", b.Kind)
	}
	return nil
}

// style emits the commands that move the printer from e.st to st.
func (e *encoder) style(st printing.Style) {
	if st.Align != e.st.Align {
		e.align(st.Align)
	}
	if st.Bold != e.st.Bold {
		n := byte(0)
		if st.Bold {
			n = 1
		}
		e.buf.Write([]byte{ESC, 'E', n})
	}
	if st.Size != e.st.Size {
		e.buf.Write([]byte{GS, '!', sizeByte(st.Size)})
	}
	e.st = st
}

func (e *encoder) align(a printing.Align) {
	e.buf.Write([]byte{ESC, 'a', byte(a)})
	e.st.Align = a
}

// sizeByte is n of GS ! n: width magnification − 1 in the high nibble, height − 1 in the
// low one.
func sizeByte(s printing.Size) byte {
	return byte((s.ScaleX()-1)<<4 | (s.ScaleY() - 1))
}

func (e *encoder) line(text string, st printing.Style) error {
	e.style(st)
	if e.gb != nil {
		gb, err := e.gb.String(text)
		if err != nil {
			return fmt.Errorf("GB18030: %w", err)
		}
		e.buf.WriteString(gb)
	} else {
		e.buf.WriteString(text)
	}
	e.buf.WriteByte(LF)
	return nil
}

// QR code commands: GS ( k pL pH cn=49 fn ….
const (
	qrModel  = 65  // function 165: select the model
	qrSize   = 67  // function 167: module size
	qrLevel  = 69  // function 169: error correction level
	qrStore  = 80  // function 180: store the data
	qrPrint  = 81  // function 181: print the stored symbol
	qrModel2 = 50  // model 2
	qrLevelM = 49  // level M
	qrCn     = 49  // cn for QR
	qrM      = 48  // m for store and print
	barB     = 'B' // Code128 code set B, after '{'
)

// qrHeader is the function-165 command every QR code starts with: model 2.
var qrHeader = []byte{GS, '(', 'k', 4, 0, qrCn, qrModel, qrModel2, 0}

func (e *encoder) gsk(fn byte, params ...byte) {
	n := len(params) + 2
	e.buf.Write([]byte{GS, '(', 'k', byte(n), byte(n >> 8), qrCn, fn})
	e.buf.Write(params)
}

func (e *encoder) qr(payload string, size printing.QRSize) error {
	if len(payload) > MaxQRData {
		return fmt.Errorf("QR payload of %d bytes is over %d", len(payload), MaxQRData)
	}
	module, err := printing.QRModuleSize(payload, size, e.p.Dots)
	if err != nil {
		return err
	}
	e.align(printing.AlignCenter)
	e.buf.Write(qrHeader)
	e.gsk(qrSize, byte(module))
	e.gsk(qrLevel, qrLevelM)
	n := len(payload) + 3
	e.buf.Write([]byte{GS, '(', 'k', byte(n), byte(n >> 8), qrCn, qrStore, qrM})
	e.buf.WriteString(payload)
	e.gsk(qrPrint, qrM)
	return nil
}

func (e *encoder) barcode(payload string) error {
	if _, err := printing.Code128(payload); err != nil {
		return err
	}
	w, err := printing.Code128ModuleWidth(len(payload), e.p.Dots)
	if err != nil {
		return err
	}
	data := strings.ReplaceAll(payload, "{", "{{")
	if len(data) > MaxBarcodeData {
		return fmt.Errorf("barcode payload of %d bytes is over %d", len(data), MaxBarcodeData)
	}
	e.align(printing.AlignCenter)
	e.buf.Write([]byte{GS, 'H', 2, GS, 'h', BarcodeHeight, GS, 'w', byte(w)})
	e.buf.Write([]byte{GS, 'k', 73, byte(len(data) + 2), '{', barB})
	e.buf.WriteString(data)
	return nil
}
