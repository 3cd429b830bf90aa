package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"

	"servicehall/app"
)

// DefaultHallCode and DefaultHallName are the demo hall's.
const (
	DefaultHallCode = "TC01"
	DefaultHallName = "通川区东城街道便民服务中心"
)

// guiConfig is what a GUI mode needs; every field documents its default.
type guiConfig struct {
	Mode string // demo, kiosk, counter, board

	Data     string // data folder of the embedded hub; default ~/.local/share/servicehall
	Addr     string // embedded hub's listen address; default 127.0.0.1:0 (LAN terminals: set one)
	Hub      string // URL of a remote hallhub; when set, no hub runs in this process
	Token    string // terminal token for --hub
	Hall     string // hall code of a new embedded hub; default DefaultHallCode
	HallName string // hall name of a new embedded hub; default DefaultHallName

	Central      string // central URL for the embedded hub; demo: an embedded central
	CentralToken string // the hall's one-time enrolment code
	CentralCA    string // PEM authorities for central's certificate; default: system roots
	CentralPin   string // sha256/BASE64 pin of central's public key; default: none
	StatusURL    string // central's public status page base for receipts' QR codes; demo: the embedded central's /s/; default: none (the QR holds the bare tracking number)

	Window  int    // counter: the window number; default 1
	Printer string // kiosk: printer spec; default file:<data>/prints/
	Profile string // printer profile; default 80mm
	Lang    string // zh-Hans (default), zh-Hant, en

	Lockdown bool   // kiosk: full screen, no way out but the maintenance panel; default off
	AdminPIN string // kiosk: PBKDF2 hash of the maintenance PIN (--admin-pin); default none: no panel
}

func defaultData() string {
	if d := os.Getenv("SERVICEHALL_DATA"); d != "" {
		return d
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "servicehall")
	}
	return "servicehall-data"
}

func parseGUI(mode string, args []string, stderr io.Writer) (guiConfig, error) {
	c := guiConfig{Mode: mode}
	fs := flag.NewFlagSet("servicehall "+mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Data, "data", defaultData(), "data folder of the hub inside this process")
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:0", "listen address of the hub inside this process")
	fs.StringVar(&c.Hub, "hub", "", "URL of a hallhub on the hall LAN (then no hub runs here)")
	fs.StringVar(&c.Token, "token", "", "terminal token for --hub (from 'hallhub terminal add')")
	fs.StringVar(&c.Hall, "hall", DefaultHallCode, "hall code of a new hub")
	fs.StringVar(&c.HallName, "hall-name", DefaultHallName, "hall name of a new hub")
	fs.StringVar(&c.Central, "central", "", "central URL for the hub inside this process")
	fs.StringVar(&c.CentralToken, "central-token", "", "the hall's one-time enrolment code from 'central hall add'")
	fs.StringVar(&c.CentralCA, "central-ca", "", "PEM file of the authorities that sign central's certificate")
	fs.StringVar(&c.CentralPin, "central-pin", "", "pin central's public key: sha256/BASE64")
	fs.StringVar(&c.StatusURL, "status-url", "", "central's public status page base, e.g. https://central.example/s/ (receipt QR codes link there)")
	fs.IntVar(&c.Window, "window", 1, "counter: this desk's window number")
	fs.StringVar(&c.Printer, "printer", "", "kiosk printer: file:PATH, tcp:HOST:PORT or dev:/dev/usb/lp0 (default file:<data>/prints/)")
	fs.StringVar(&c.Profile, "profile", "80mm", "printer paper profile: 80mm or 58mm")
	fs.StringVar(&c.Lang, "lang", "zh-Hans", "language: zh-Hans, zh-Hant or en")
	fs.BoolVar(&c.Lockdown, "lockdown", false, "kiosk: full screen, cannot be closed; 5 taps on the clock + --admin-pin open maintenance")
	fs.StringVar(&c.AdminPIN, "admin-pin", "", "kiosk: maintenance PIN (digits) or its pbkdf2-sha256$… hash; default none: maintenance disabled")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	pin, err := adminPINHash(c.AdminPIN)
	if err != nil {
		return c, err
	}
	c.AdminPIN = pin // only the hash is kept
	if c.Hub != "" && c.Token == "" {
		return c, errors.New("--hub needs --token (create one with 'hallhub terminal add')")
	}
	if mode == "demo" && c.Hub != "" {
		return c, errors.New("demo runs its own hub and central; leave out --hub")
	}
	if c.Window < 1 {
		return c, errors.New("--window must be 1 or more")
	}
	if c.Printer == "" {
		c.Printer = "file:" + filepath.Join(c.Data, "prints") + string(filepath.Separator)
	}
	return c, nil
}

// roleOf is the terminal role of a GUI mode.
func roleOf(mode string) app.Role {
	switch mode {
	case "kiosk":
		return app.RoleKiosk
	case "counter":
		return app.RoleCounter
	case "board":
		return app.RoleBoard
	}
	return app.RoleAdmin
}
