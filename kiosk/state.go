package kiosk

import "servicehall/app/ui"

// What the kiosk shows, for tests and diagnostics. Each reads under the kiosk's lock.

func (k *Kiosk) read(f func()) { k.g.Read(f) }

// Screen returns ScreenHome or ScreenTicket.
func (k *Kiosk) Screen() string {
	var s string
	k.read(func() { s = k.screen })
	return s
}

// Lang returns the kiosk's current language.
func (k *Kiosk) Lang() string {
	var s string
	k.read(func() { s = k.loc.Lang() })
	return s
}

// Localizer returns the localizer of the kiosk's current language.
func (k *Kiosk) Localizer() *ui.Localizer {
	var l *ui.Localizer
	k.read(func() { l = k.loc })
	return l
}

// TileTexts returns the service tiles' texts, in order.
func (k *Kiosk) TileTexts() []string {
	var out []string
	k.read(func() {
		for _, t := range k.tiles {
			out = append(out, t.label.Text)
		}
	})
	return out
}

// MessageText returns the home screen's message line (loading, issuing, an error), ""
// when none shows.
func (k *Kiosk) MessageText() string {
	var s string
	k.read(func() {
		if k.message.Visible() {
			s = k.message.Text
		}
	})
	return s
}

// TicketNumber returns the number shown big on the ticket screen, "" on the home screen.
func (k *Kiosk) TicketNumber() string {
	var s string
	k.read(func() { s = k.number.Text })
	return s
}

// TicketID returns the ID of the ticket shown, "" on the home screen.
func (k *Kiosk) TicketID() string {
	var s string
	k.read(func() { s = k.ticket.ID })
	return s
}

// ServiceText returns the service name on the ticket screen.
func (k *Kiosk) ServiceText() string {
	var s string
	k.read(func() { s = k.serviceName.Text })
	return s
}

// AheadText returns the ticket screen's "前面还有 N 人" line.
func (k *Kiosk) AheadText() string {
	var s string
	k.read(func() { s = k.ahead.Text })
	return s
}

// QRPayload returns what the ticket screen's QR code carries, "" when none shows.
func (k *Kiosk) QRPayload() string {
	var s string
	k.read(func() {
		if k.qrImage.Image != nil {
			s = k.qr
		}
	})
	return s
}

// PrintState returns PrintNone, PrintPrinting, PrintDone or PrintFailed on the ticket
// screen, "" on the home screen.
func (k *Kiosk) PrintState() string {
	var s string
	k.read(func() { s = k.print })
	return s
}

// PrintText returns the ticket screen's print status line.
func (k *Kiosk) PrintText() string {
	var s string
	k.read(func() { s = k.printStatus.Text })
	return s
}

// CanReprint reports whether the reprint button shows.
func (k *Kiosk) CanReprint() bool {
	var b bool
	k.read(func() { b = k.reprintBox.Visible() && k.reprint.Visible() && !k.reprint.Disabled() })
	return b
}

// HallText returns the hall name in the header.
func (k *Kiosk) HallText() string {
	var s string
	k.read(func() { s = k.hall.Text })
	return s
}

// LinkText returns what the link status says.
func (k *Kiosk) LinkText() string {
	var s string
	k.read(func() { s = k.link.Text() })
	return s
}
