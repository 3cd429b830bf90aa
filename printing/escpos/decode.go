package escpos

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"servicehall/printing"
)

// Item is one printed element of a decoded stream.
type Item struct {
	// Kind is KindText for a line ended by LF (separators come back as text), KindQR,
	// KindBarcode, KindFeed or KindCut.
	Kind printing.Kind
	// Text is the line's text, decoded from GB18030 or UTF-8 by the mode in force.
	Text string
	// Style is the alignment, emphasis and size in force when the item printed.
	Style printing.Style
	// Payload is the data of a QR code or barcode.
	Payload string
	// Module is a QR code's module size or a barcode's module width, in dots.
	Module int
	// Level is a QR code's error-correction level: 'L', 'M', 'Q' or 'H'.
	Level byte
	// Height is a barcode's height in dots.
	Height int
	// Lines is the lines fed (KindFeed) or the n of GS V 65/66 n (KindCut).
	Lines int
	// Partial reports a partial cut (KindCut).
	Partial bool
}

// Decoded is what an ESC/POS stream asks a printer to do.
type Decoded struct {
	// Initialized reports that the stream resets the printer (ESC @).
	Initialized bool
	// ChineseMode is the text mode at the end of the stream: FS & turns it on (GB18030),
	// FS . off (UTF-8). The decoder starts with it off.
	ChineseMode bool
	// LineSpacing is the line spacing in dots at the end of the stream (ESC 3 n); 0 is
	// the printer's default (after ESC @ or ESC 2).
	LineSpacing int
	// StatusRequests lists the n of each real-time status request (DLE EOT n) in the
	// stream, in order.
	StatusRequests []StatusKind
	// Items lists what prints, in order.
	Items []Item
}

// Lines returns the text items.
func (d *Decoded) Lines() []Item {
	var out []Item
	for _, it := range d.Items {
		if it.Kind == printing.KindText {
			out = append(out, it)
		}
	}
	return out
}

// Text returns the text lines joined with '\n'.
func (d *Decoded) Text() string {
	var b strings.Builder
	for i, it := range d.Lines() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(it.Text)
	}
	return b.String()
}

// QRPayloads returns the payloads of the QR codes, in order.
func (d *Decoded) QRPayloads() []string { return d.payloads(printing.KindQR) }

// Barcodes returns the payloads of the barcodes, in order.
func (d *Decoded) Barcodes() []string { return d.payloads(printing.KindBarcode) }

func (d *Decoded) payloads(k printing.Kind) []string {
	var out []string
	for _, it := range d.Items {
		if it.Kind == k {
			out = append(out, it.Payload)
		}
	}
	return out
}

// Cuts counts the cuts.
func (d *Decoded) Cuts() int {
	n := 0
	for _, it := range d.Items {
		if it.Kind == printing.KindCut {
			n++
		}
	}
	return n
}

// DecodeError says where and why a stream could not be decoded.
type DecodeError struct {
	Offset int    // byte offset of the command or text at fault
	Reason string // what is wrong
}

// Error gives the offset and the reason.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("escpos: decode at byte %d: %s", e.Offset, e.Reason)
}

// Decode parses an ESC/POS stream of the commands Encode writes, and returns what it
// prints. It is strict, for tests and diagnostics: an unknown command or function, a
// command cut short, a value out of range, a control byte in text, text that is not
// valid GB18030 (Chinese mode) or UTF-8, a style or mode change in the middle of a line,
// or text not ended by LF before something else prints, is a *DecodeError.
func Decode(data []byte) (*Decoded, error) {
	d := &decoder{data: data, out: &Decoded{}}
	if err := d.run(); err != nil {
		return nil, err
	}
	return d.out, nil
}

type decoder struct {
	data    []byte
	pos     int
	out     *Decoded
	st      printing.Style
	text    []byte // the pending line
	textAt  int    // offset where the pending line began
	qrData  []byte
	qrSet   bool
	qrMod   int
	qrLevel byte
	barH    int
	barW    int
}

func (d *decoder) fail(at int, format string, args ...any) error {
	return &DecodeError{Offset: at, Reason: fmt.Sprintf(format, args...)}
}

// need returns the n bytes after the command byte(s) at pos, or an error if the stream
// ends first.
func (d *decoder) need(at, n int, what string) ([]byte, error) {
	if d.pos+n > len(d.data) {
		return nil, d.fail(at, "%s cut short", what)
	}
	b := d.data[d.pos : d.pos+n]
	d.pos += n
	return b, nil
}

// midLine fails when a line is pending: what may only come at the start of a line.
func (d *decoder) midLine(at int, what string) error {
	if len(d.text) > 0 {
		return d.fail(at, "%s in the middle of a line (text from byte %d not ended by LF)", what, d.textAt)
	}
	return nil
}

func (d *decoder) run() error {
	d.reset()
	for d.pos < len(d.data) {
		at := d.pos
		c := d.data[d.pos]
		d.pos++
		var err error
		switch {
		case c == LF:
			err = d.endLine(at)
		case c == ESC:
			err = d.esc(at)
		case c == GS:
			err = d.gs(at)
		case c == FS:
			err = d.fs(at)
		case c == DLE:
			err = d.dle(at)
		case c < 0x20 || c == 0x7f:
			err = d.fail(at, "unexpected control byte 0x%02x", c)
		default:
			if len(d.text) == 0 {
				d.textAt = at
			}
			d.text = append(d.text, c)
		}
		if err != nil {
			return err
		}
	}
	return d.midLine(len(d.data), "end of data")
}

// reset sets the state ESC @ leaves.
func (d *decoder) reset() {
	d.st = printing.Style{}
	d.qrMod, d.qrLevel, d.qrData, d.qrSet = 3, 'L', nil, false
	d.barH, d.barW = 162, 3
}

func (d *decoder) endLine(at int) error {
	var s string
	if d.out.ChineseMode {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(d.text)
		if err != nil {
			return d.fail(d.textAt, "invalid GB18030 text: %v", err)
		}
		// The decoder replaces bad sequences with U+FFFD: a stream that does not
		// encode back to the same bytes was not valid GB18030.
		back, err := simplifiedchinese.GB18030.NewEncoder().Bytes(dec)
		if err != nil || !bytes.Equal(back, d.text) {
			return d.fail(d.textAt, "invalid GB18030 text % x", d.text)
		}
		s = string(dec)
	} else {
		if !utf8.Valid(d.text) {
			return d.fail(d.textAt, "invalid UTF-8 text % x", d.text)
		}
		s = string(d.text)
	}
	d.out.Items = append(d.out.Items, Item{Kind: printing.KindText, Text: s, Style: d.st})
	d.text = d.text[:0]
	return nil
}

func (d *decoder) esc(at int) error {
	b, err := d.need(at, 1, "ESC command")
	if err != nil {
		return err
	}
	switch b[0] {
	case '@':
		if err := d.midLine(at, "ESC @"); err != nil {
			return err
		}
		d.out.Initialized = true
		d.out.LineSpacing = 0
		d.reset()
	case '2':
		if err := d.midLine(at, "ESC 2"); err != nil {
			return err
		}
		d.out.LineSpacing = 0
	case '3':
		n, err := d.need(at, 1, "ESC 3")
		if err != nil {
			return err
		}
		if err := d.midLine(at, "ESC 3"); err != nil {
			return err
		}
		d.out.LineSpacing = int(n[0])
	case 'a':
		n, err := d.need(at, 1, "ESC a")
		if err != nil {
			return err
		}
		if err := d.midLine(at, "ESC a"); err != nil {
			return err
		}
		switch n[0] {
		case 0, '0':
			d.st.Align = printing.AlignLeft
		case 1, '1':
			d.st.Align = printing.AlignCenter
		case 2, '2':
			d.st.Align = printing.AlignRight
		default:
			return d.fail(at, "ESC a %d: alignment out of range", n[0])
		}
	case 'E':
		n, err := d.need(at, 1, "ESC E")
		if err != nil {
			return err
		}
		if err := d.midLine(at, "ESC E"); err != nil {
			return err
		}
		d.st.Bold = n[0]&1 == 1
	case 'd':
		n, err := d.need(at, 1, "ESC d")
		if err != nil {
			return err
		}
		if err := d.midLine(at, "ESC d"); err != nil {
			return err
		}
		d.out.Items = append(d.out.Items, Item{Kind: printing.KindFeed, Lines: int(n[0]), Style: d.st})
	default:
		return d.fail(at, "unknown command ESC 0x%02x", b[0])
	}
	return nil
}

// dle parses DLE EOT n, a real-time status request (allowed anywhere, even mid-line, as
// printers obey it on receipt).
func (d *decoder) dle(at int) error {
	b, err := d.need(at, 2, "DLE command")
	if err != nil {
		return err
	}
	if b[0] != EOT {
		return d.fail(at, "unknown command DLE 0x%02x", b[0])
	}
	switch n := StatusKind(b[1]); n {
	case StatusPrinter, StatusOffline, StatusPaper:
		d.out.StatusRequests = append(d.out.StatusRequests, n)
	default:
		return d.fail(at, "DLE EOT %d: status kind out of range", b[1])
	}
	return nil
}

func (d *decoder) fs(at int) error {
	b, err := d.need(at, 1, "FS command")
	if err != nil {
		return err
	}
	switch b[0] {
	case '&', '.':
		if err := d.midLine(at, "a text mode change"); err != nil {
			return err
		}
		d.out.ChineseMode = b[0] == '&'
	default:
		return d.fail(at, "unknown command FS 0x%02x", b[0])
	}
	return nil
}

func (d *decoder) gs(at int) error {
	b, err := d.need(at, 1, "GS command")
	if err != nil {
		return err
	}
	switch b[0] {
	case '!':
		n, err := d.need(at, 1, "GS !")
		if err != nil {
			return err
		}
		if err := d.midLine(at, "GS !"); err != nil {
			return err
		}
		switch n[0] {
		case 0x00:
			d.st.Size = printing.SizeNormal
		case 0x10:
			d.st.Size = printing.SizeDoubleWidth
		case 0x01:
			d.st.Size = printing.SizeDoubleHeight
		case 0x11:
			d.st.Size = printing.SizeDouble
		default:
			return d.fail(at, "GS ! 0x%02x: only normal and double sizes are used", n[0])
		}
	case '(':
		return d.gsParen(at)
	case 'k':
		return d.barcode(at)
	case 'H':
		n, err := d.need(at, 1, "GS H")
		if err != nil {
			return err
		}
		if v := n[0]; v > 3 && (v < '0' || v > '3') {
			return d.fail(at, "GS H %d: HRI position out of range", v)
		}
	case 'h':
		n, err := d.need(at, 1, "GS h")
		if err != nil {
			return err
		}
		if n[0] == 0 {
			return d.fail(at, "GS h 0: barcode height out of range")
		}
		d.barH = int(n[0])
	case 'w':
		n, err := d.need(at, 1, "GS w")
		if err != nil {
			return err
		}
		if n[0] < 1 || n[0] > 6 {
			return d.fail(at, "GS w %d: module width out of range", n[0])
		}
		d.barW = int(n[0])
	case 'V':
		m, err := d.need(at, 1, "GS V")
		if err != nil {
			return err
		}
		if err := d.midLine(at, "GS V"); err != nil {
			return err
		}
		cut := Item{Kind: printing.KindCut, Style: d.st}
		switch m[0] {
		case 0, '0':
		case 1, '1':
			cut.Partial = true
		case 65, 66:
			n, err := d.need(at, 1, "GS V")
			if err != nil {
				return err
			}
			cut.Lines, cut.Partial = int(n[0]), m[0] == 66
		default:
			return d.fail(at, "GS V %d: unknown cut", m[0])
		}
		d.out.Items = append(d.out.Items, cut)
	default:
		return d.fail(at, "unknown command GS 0x%02x", b[0])
	}
	return nil
}

// gsParen parses GS ( k pL pH cn fn … for QR codes (cn 49).
func (d *decoder) gsParen(at int) error {
	h, err := d.need(at, 3, "GS (")
	if err != nil {
		return err
	}
	if h[0] != 'k' {
		return d.fail(at, "unknown command GS ( 0x%02x", h[0])
	}
	n := int(h[1]) | int(h[2])<<8
	if n < 2 {
		return d.fail(at, "GS ( k with length %d", n)
	}
	p, err := d.need(at, n, "GS ( k")
	if err != nil {
		return err
	}
	cn, fn, args := p[0], p[1], p[2:]
	if cn != qrCn {
		return d.fail(at, "GS ( k cn=%d: only QR codes (49) are used", cn)
	}
	switch fn {
	case qrModel:
		if len(args) != 2 || (args[0] != 49 && args[0] != 50) || args[1] != 0 {
			return d.fail(at, "GS ( k function 165: bad model % x", args)
		}
	case qrSize:
		if len(args) != 1 || args[0] < 1 || args[0] > 16 {
			return d.fail(at, "GS ( k function 167: bad module size % x", args)
		}
		d.qrMod = int(args[0])
	case qrLevel:
		if len(args) != 1 || args[0] < 48 || args[0] > 51 {
			return d.fail(at, "GS ( k function 169: bad error correction % x", args)
		}
		d.qrLevel = "LMQH"[args[0]-48]
	case qrStore:
		if len(args) < 2 || args[0] != qrM {
			return d.fail(at, "GS ( k function 180: bad store command")
		}
		d.qrData, d.qrSet = append(d.qrData[:0], args[1:]...), true
	case qrPrint:
		if len(args) != 1 || args[0] != qrM {
			return d.fail(at, "GS ( k function 181: bad print command")
		}
		if err := d.midLine(at, "a QR code"); err != nil {
			return err
		}
		if !d.qrSet {
			return d.fail(at, "GS ( k function 181: no QR data stored")
		}
		d.out.Items = append(d.out.Items, Item{Kind: printing.KindQR, Payload: string(d.qrData),
			Module: d.qrMod, Level: d.qrLevel, Style: d.st})
	default:
		return d.fail(at, "GS ( k function %d is not used", int(fn)+100)
	}
	return nil
}

// barcode parses GS k 73 n {B data (Code128, set B).
func (d *decoder) barcode(at int) error {
	h, err := d.need(at, 2, "GS k")
	if err != nil {
		return err
	}
	if h[0] != 73 {
		return d.fail(at, "GS k %d: only Code128 (73) is used", h[0])
	}
	p, err := d.need(at, int(h[1]), "GS k 73")
	if err != nil {
		return err
	}
	if len(p) < 3 || p[0] != '{' || p[1] != barB {
		return d.fail(at, "GS k 73: data must start with {B and hold at least one character")
	}
	var payload []byte
	for i := 2; i < len(p); i++ {
		c := p[i]
		if c == '{' {
			if i+1 >= len(p) || p[i+1] != '{' {
				return d.fail(at, "GS k 73: code set change or function character in the data")
			}
			i++
		} else if c < ' ' || c > '~' {
			return d.fail(at, "GS k 73: byte 0x%02x is not in code set B", c)
		}
		payload = append(payload, c)
	}
	if err := d.midLine(at, "a barcode"); err != nil {
		return err
	}
	d.out.Items = append(d.out.Items, Item{Kind: printing.KindBarcode, Payload: string(payload),
		Module: d.barW, Height: d.barH, Style: d.st})
	return nil
}
