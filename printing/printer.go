package printing

import (
	"context"
	"io"
)

// Printer prints slips. The kiosk and the counter are given one; printing/device.Printer
// is the ESC/POS implementation that sends bytes to a Device.
type Printer interface {
	// Print prints s, or returns why it could not. A failed print must never lose the
	// ticket or receipt: the caller keeps showing it and offers a reprint.
	Print(ctx context.Context, s *Slip) error
}

// PrinterFunc adapts a function to the Printer interface.
type PrinterFunc func(ctx context.Context, s *Slip) error

// Print calls f(ctx, s).
func (f PrinterFunc) Print(ctx context.Context, s *Slip) error { return f(ctx, s) }

// Device is where a printer's bytes go: a file, a raw TCP port 9100 connection or a
// device node, opened from a spec string by printing/device.Open. Close flushes and
// releases it; the bytes count as delivered only when Close returns nil.
type Device interface {
	io.Writer
	Close() error
}
