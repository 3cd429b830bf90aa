package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/hub/node"
	"servicehall/app/ui"
	"servicehall/kiosk"
	"servicehall/sync/central"
)

// AppID is the Fyne application ID (preferences, storage).
const AppID = "cn.gov.dazhou.servicehall"

// demoCentralAddr is where the demo's embedded central listens when the port is free.
const demoCentralAddr = "127.0.0.1:8480"

func haveDisplay() bool {
	if runtime.GOOS != "linux" && runtime.GOOS != "freebsd" {
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

// backend is where the screens' hub is: in this process or on the LAN.
type backend struct {
	node    *node.Node
	central *central.Server
	cstore  *central.Store
	url     string
	token   func(app.Role) (string, error)
	// statusURL is the demo central's status page base (receipts' QR codes link to it).
	statusURL string
}

func (b *backend) Close() {
	if b.node != nil {
		b.node.Close()
	}
	if b.central != nil {
		b.central.Close()
		b.cstore.Close()
	}
}

// openBackend starts the embedded hub (and in demo mode an embedded central), or points
// at a remote hub.
func openBackend(ctx context.Context, c guiConfig, logger *slog.Logger) (*backend, error) {
	if c.Hub != "" {
		return &backend{url: c.Hub, token: func(app.Role) (string, error) { return c.Token, nil }}, nil
	}
	b := &backend{}
	cfg := node.Config{
		Data: filepath.Join(c.Data, "hub"), Addr: c.Addr, Hall: c.Hall, HallName: c.HallName,
		CentralURL: c.Central, CentralToken: c.CentralToken, CentralCA: c.CentralCA, CentralPin: c.CentralPin, Logger: logger,
	}
	if c.Mode == "demo" && c.Central == "" {
		st, err := central.Open(filepath.Join(c.Data, "central"))
		if err != nil {
			return nil, err
		}
		srv := central.NewServer(st, logger)
		addr := demoCentralAddr
		if ln, err := net.Listen("tcp", addr); err != nil {
			addr = "127.0.0.1:0"
		} else {
			ln.Close()
		}
		if err := srv.Open(addr); err != nil {
			st.Close()
			return nil, err
		}
		b.central, b.cstore = srv, st
		tok, err := st.AddHall(ctx, c.Hall, c.HallName)
		if err != nil {
			b.Close()
			return nil, err
		}
		cfg.CentralURL, cfg.CentralToken = srv.URL(), tok
		b.statusURL = srv.URL() + "/s/"
		logger.Info("demo central", "url", srv.URL())
	}
	n, err := node.Open(ctx, cfg)
	if err != nil {
		b.Close()
		return nil, err
	}
	b.node, b.url = n, n.URL()
	b.token = func(r app.Role) (string, error) { return n.DB.EnsureTerminal(ctx, "embedded-"+string(r), r) }
	logger.Info("hub in this process", "url", n.URL(), "data", cfg.Data)
	return b, nil
}

func runGUI(ctx context.Context, c guiConfig, logger *slog.Logger) error {
	if !haveDisplay() {
		return errors.New("no display: DISPLAY is not set, so no window can open.\n" +
			"  On a server, run under a virtual display: xvfb-run -a -s '-screen 0 1920x1080x24' servicehall " + c.Mode)
	}
	b, err := openBackend(ctx, c, logger)
	if err != nil {
		return err
	}
	defer b.Close()
	if c.StatusURL == "" {
		c.StatusURL = b.statusURL
	}

	a := fyneapp.NewWithID(AppID)
	a.Settings().SetTheme(ui.NewTheme())
	loc := ui.NewLocalizer(c.Lang)
	client := func(r app.Role) (*hub.Client, error) {
		tok, err := b.token(r)
		if err != nil {
			return nil, err
		}
		return hub.NewClient(b.url, tok), nil
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	modes := []string{c.Mode}
	if c.Mode == "demo" {
		modes = []string{"kiosk", "counter", "board"}
	}
	var first fyne.Window
	for _, m := range modes {
		role := roleOf(m)
		if m == "rate" {
			role = app.RoleKiosk // a rating pad rates, like a kiosk
		}
		cl, err := client(role)
		if err != nil {
			return err
		}
		w, err := openScreen(sctx, a, m, cl, loc, c, logger)
		if err != nil {
			return err
		}
		if first == nil {
			first = w
			w.SetMaster()
		}
		w.Show()
	}
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	a.Run()
	return nil
}

func openScreen(ctx context.Context, a fyne.App, mode string, cl *hub.Client, loc *ui.Localizer, c guiConfig, logger *slog.Logger) (fyne.Window, error) {
	switch mode {
	case "kiosk":
		hallName := func(ctx context.Context) string {
			if h, err := cl.Health(ctx); err == nil && h.HallName != "" {
				return h.HallName
			}
			return c.HallName
		}
		pr, err := newTicketPrinter(c, loc, hallName, logger)
		if err != nil {
			return nil, err
		}
		var k *kiosk.Kiosk
		// The slip is printed in the visitor's language, not the hall default.
		pr.lang = func() *ui.Localizer { return k.Localizer() }
		docs := guideSlips{pr} // appdocs.go: materials lists and pre-application slips
		k = kiosk.New(a, cl, loc, kiosk.Options{HallCode: c.Hall, Print: pr.PrintTicket,
			PrintMaterials: docs.PrintMaterials, PrintApplication: docs.PrintApplication,
			PrintRequest: docs.PrintRequest, PrintRatingThanks: docs.PrintRatingThanks})
		w := a.NewWindow(loc.T("kiosk.window_title"))
		w.SetContent(k.Content())
		w.Resize(fyne.NewSize(900, 1000))
		k.BindScanner(w.Canvas()) // a barcode scanner's keystrokes on the home screen
		k.Start(ctx)
		setUpKiosk(a, w, k, c) // kioskmode.go: kiosk theme, --lockdown
		return w, nil
	case "counter":
		s := ui.NewCounter(a, cl, loc, c.Window)
		w := a.NewWindow(loc.Tf("counter.window_title", map[string]any{"Window": c.Window}))
		// Acceptance (受理) and the hall's applications, beside calling: appdocs.go prints
		// receipts and one-time notices as A4 PDF.
		hallName := func(ctx context.Context) string {
			if h, err := cl.Health(ctx); err == nil && h.HallName != "" {
				return h.HallName
			}
			return c.HallName
		}
		docs, err := newCounterDocs(c, loc, hallName, logger)
		if err != nil {
			return nil, err
		}
		list := ui.NewApplicationList(a, cl, loc)
		reqs := ui.NewRequestList(a, cl, loc, c.Window) // 咨询/投诉/求助/依申请公开, read and answered
		acc := ui.NewAcceptance(a, cl, loc, ui.AcceptOptions{Window: c.Window,
			PrintNotice: docs.PrintNotice, PrintReceipt: docs.PrintReceipt,
			Accepted: func(app.Application) { list.Refresh() }})
		w.SetContent(container.NewAppTabs(
			container.NewTabItem(loc.T("accept.tabs.calling"), s.Content()),
			container.NewTabItem(loc.T("accept.tabs.accept"), acc.Content()),
			container.NewTabItem(loc.T("accept.tabs.list"), list.Content()),
			container.NewTabItem(loc.T("request.staff.tab"), reqs.Content())))
		reqs.Start(ctx)
		acc.Start(ctx)
		list.Start(ctx)
		w.Resize(fyne.NewSize(1024, 640))
		s.Bind(w)
		s.Start(ctx)
		return w, nil
	case "rate":
		// The citizen-facing pad at a window: it offers the rating when the window finishes.
		p := ui.NewRatePad(a, cl, loc, c.Window, ui.RatePadOptions{
			Keyboard: func(target *widget.Entry) fyne.CanvasObject { return kiosk.NewPinyinKeyboard(loc, target) }})
		w := a.NewWindow(loc.Tf("rating.pad.window", map[string]any{"Window": c.Window}))
		w.SetContent(p.Content())
		w.Resize(fyne.NewSize(1024, 600))
		p.Start(ctx)
		return w, nil
	case "admin":
		s := ui.NewAdmin(a, cl, cl, loc)
		w := a.NewWindow(loc.T("admin.window_title"))
		w.SetContent(s.Content())
		w.Resize(fyne.NewSize(900, 600))
		s.Start(ctx)
		return w, nil
	case "board":
		s := ui.NewBoard(a, cl, loc)
		w := a.NewWindow(loc.T("board.window_title"))
		w.SetContent(s.Content())
		w.Resize(fyne.NewSize(1280, 720))
		s.Start(ctx)
		return w, nil
	}
	return nil, fmt.Errorf("unknown screen %q", mode)
}
