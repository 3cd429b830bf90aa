package kiosk

import (
	"context"
	"strings"
	"testing"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui/uitest"
	"servicehall/printing"
	"servicehall/printing/device"
)

// A printer out of paper: the ticket screen says so in words, keeps the ticket and
// offers the reprint.
func TestPrintFailureNamesThePrinterFault(t *testing.T) {
	hall := hubtest.New(t)
	fail := true
	print := func(ctx context.Context, tk app.Ticket, s app.Service) error {
		if fail {
			return &device.StatusError{Spec: "tcp:127.0.0.1:9100", Status: printing.Status{Known: true, PaperOut: true, Offline: true}}
		}
		return nil
	}
	r := start(t, hall.Client(app.RoleKiosk), Options{HallCode: hall.HallCode(), Print: print})
	r.waitTiles(t, len(services(t, hall.Client(app.RoleKiosk))))
	r.tap(0)
	uitest.WaitFor(t, "print failure", func() bool { return r.k.PrintState() == PrintFailed })
	if got := r.k.PrintText(); !strings.HasPrefix(got, "打印机缺纸：") || !strings.Contains(got, "号票打印失败") {
		t.Fatalf("print status %q does not name the paper", got)
	}
	if !r.k.CanReprint() || r.k.TicketNumber() == "" {
		t.Fatal("ticket or reprint lost")
	}
}
