package main

import (
	"context"
	"io"
	"strings"

	"fyne.io/fyne/v2"

	"servicehall/app/ui"
	"servicehall/kiosk"
	"servicehall/printing/device"
)

// adminPINHash turns --admin-pin into its stored form: a PBKDF2 hash as HashPIN makes
// it (given as is) or digits (hashed here; the digits are not kept). "" stays "": no
// maintenance panel.
func adminPINHash(v string) (string, error) {
	if v == "" || strings.HasPrefix(v, "pbkdf2-sha256$") {
		return v, nil
	}
	return kiosk.HashPIN(v)
}

// setUpKiosk gives a kiosk window (mode kiosk, not the demo's window among others) the
// kiosk theme as the app's theme — Fyne measures wrapped lines with it, so elder mode's
// line pitch holds — and with --lockdown makes it the machine's only face: full screen,
// no close, the hidden maintenance panel behind --admin-pin.
func setUpKiosk(a fyne.App, w fyne.Window, k *kiosk.Kiosk, c guiConfig) {
	if c.Mode != "kiosk" {
		return
	}
	a.Settings().SetTheme(ui.NewKioskTheme(false))
	if !c.Lockdown {
		return
	}
	k.SetMaintenance(kiosk.Maintenance{
		PINHash: c.AdminPIN,
		PrinterTest: func(ctx context.Context) error {
			return printerTest(ctx, []string{"--printer", c.Printer, "--profile", c.Profile,
				"--hall-name", c.HallName, "--lang", c.Lang}, io.Discard, io.Discard)
		},
		PaperStatus: func(ctx context.Context) (kiosk.PaperStatus, error) {
			st, err := device.QueryStatus(ctx, c.Printer) // tcp: and dev: answer; others are unknown
			return kiosk.PaperStatus{Known: st.Known, Offline: st.Offline, PaperOut: st.PaperOut,
				PaperNearEnd: st.PaperNearEnd, CoverOpen: st.CoverOpen, Error: st.Error}, err
		},
		Exit: a.Quit,
	})
	k.Lockdown(w)
}
