package kiosk

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"servicehall/app"
)

// What a scan (or a typed reference) is, as ParseScan reports it.
const (
	ScanNone        = ""            // nothing the kiosk knows
	ScanTicket      = "ticket"      // a ticket's QR code: SHT:{hall}:{number}:{id}
	ScanApplication = "application" // an application's tracking number
	ScanRequest     = "request"     // a request's tracking number
)

// MaxScan caps what the scanner buffer holds: a longer burst is not a code of ours.
const MaxScan = 128

// ParseScan tells what s is: a ticket's QR payload (ref: the payload as it came, which
// the hub takes in place of the ticket's ID; label: the ticket's number), a request's
// tracking number or an application's (ref and label: the number, tidied). Anything else
// is ScanNone.
func ParseScan(s string) (kind, ref, label string) {
	s = strings.TrimSpace(s)
	if len(s) > 4 && strings.EqualFold(s[:4], "SHT:") {
		parts := strings.Split(s[4:], ":")
		if len(parts) == 3 && parts[1] != "" && parts[2] != "" {
			return ScanTicket, "SHT:" + s[4:], parts[1]
		}
		return ScanNone, "", ""
	}
	no := NormalizeTrackingNo(s)
	switch {
	case app.ValidRequestTrackingNo(no):
		return ScanRequest, no, no
	case app.ValidTrackingNo(no):
		return ScanApplication, no, no
	}
	return ScanNone, "", ""
}

// scanner turns a barcode scanner's keystrokes on the home screen (a scanner types like a
// keyboard and ends with Enter) into a jump: an application's tracking number to its
// progress, a request's number to its status, a ticket's QR code to its rating. On other
// screens the focused box takes the keystrokes itself.
type scanner struct {
	fb  *feedback
	buf strings.Builder
	c   fyne.Canvas
}

// BindScanner listens to c's typed runes and keys (the kiosk window's canvas) for scans
// on the home screen. Handlers already set on c still run.
func (k *Kiosk) BindScanner(c fyne.Canvas) {
	k.g.Lock()
	k.fb.sc.c = c
	k.g.Unlock()
	prevRune, prevKey := c.OnTypedRune(), c.OnTypedKey()
	c.SetOnTypedRune(func(r rune) {
		k.fb.sc.typedRune(r)
		if prevRune != nil {
			prevRune(r)
		}
	})
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		k.fb.sc.typedKey(e)
		if prevKey != nil {
			prevKey(e)
		}
	})
}

func (s *scanner) typedRune(r rune) {
	k := s.fb.k
	k.g.Lock()
	defer k.g.Unlock()
	if k.screen != ScreenHome {
		s.buf.Reset()
		return
	}
	if s.buf.Len()+utf8.RuneLen(r) > MaxScan {
		s.buf.Reset()
	}
	s.buf.WriteRune(r)
}

func (s *scanner) typedKey(e *fyne.KeyEvent) {
	if e.Name != fyne.KeyReturn && e.Name != fyne.KeyEnter {
		return
	}
	k := s.fb.k
	k.g.Lock()
	defer k.g.Unlock()
	code := s.buf.String()
	s.buf.Reset()
	if k.screen != ScreenHome || k.issuing || code == "" {
		return
	}
	s.jump(code)
}

// jump opens the screen a scanned code belongs to.
func (s *scanner) jump(code string) {
	fb := s.fb
	kind, ref, label := ParseScan(code)
	switch {
	case kind == ScanApplication && fb.k.flow.apps != nil:
		pv := fb.k.flow.pv
		pv.enter()
		pv.entry.SetText(ref)
		fb.k.g.Unlock() // lookup locks the kiosk itself
		pv.lookup()
		fb.k.g.Lock()
	case kind == ScanRequest && fb.requests != nil:
		fb.qv.sv.enter()
		fb.qv.sv.entry.SetText(ref)
		fb.qv.sv.lookupLocked()
	case kind == ScanTicket && fb.ratings != nil:
		fb.rv.open(app.RatingOfTicket, ref, label)
	}
}

// reset forgets a half-read scan and the focus of the last screen's box, so the next
// keystrokes on the home screen reach the scanner.
func (s *scanner) reset() {
	s.buf.Reset()
	if s.c != nil {
		s.c.Unfocus()
	}
}
