// Package kiosk holds the citizen's screens at a hall's touch kiosk. This first one takes
// a queue number: a big tile per service, the ticket with its number, the people ahead,
// a QR code and the slip's print status, in 简体, 繁體 or English per visitor.
//
// The kiosk talks to its hall only through app.HallService. It builds without I/O; Start
// loads the catalogue and follows the hall's events in the background.
package kiosk

import (
	"context"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/ui"
)

// Defaults of Options.
const (
	// DefaultReturnHome is how long the ticket screen stays before the kiosk returns to
	// its home screen (and its default language) for the next visitor.
	DefaultReturnHome = 30 * time.Second
	// DefaultPrintTimeout bounds one attempt to print a slip.
	DefaultPrintTimeout = 30 * time.Second
)

// Sizes of the touch targets, in Fyne units: elder mode asks for at least 60.
const (
	TileHeight   = 96
	ButtonHeight = 64
)

// Screens of the kiosk, as Screen reports them.
const (
	ScreenHome   = "home"
	ScreenTicket = "ticket"
)

// Print states of the ticket screen, as PrintState reports them.
const (
	PrintNone     = "none"     // no printer configured: the screen is the ticket
	PrintPrinting = "printing" // a slip is being printed
	PrintDone     = "printed"  // the slip came out
	PrintFailed   = "failed"   // printing failed: the screen offers a reprint
)

// Options configure a kiosk.
type Options struct {
	// HallCode goes into the ticket's QR code (app.TicketQRPayload).
	HallCode string
	// Print prints a ticket slip. Nil means the kiosk has no printer: the screen shows
	// the ticket and its QR code and says so. An error makes the screen offer a reprint;
	// the ticket exists at the hub whatever happens here.
	Print func(ctx context.Context, t app.Ticket, s app.Service) error
	// ReturnHome is how long the ticket screen stays; DefaultReturnHome when zero.
	ReturnHome time.Duration
	// Guide and Applications serve the guide, pre-application and progress screens (see
	// flow.go). Nil means the HallService's own when it implements them; without either
	// the home screen offers no such entry.
	Guide        app.GuideService
	Applications app.ApplicationService
	// PrintMaterials prints a service's materials list (the guide's "print this list");
	// nil hides the button.
	PrintMaterials func(ctx context.Context, s app.ServiceDetail) error
	// PrintApplication prints a submitted pre-application's slip with its tracking number
	// and QR code; nil means the screen is the slip.
	PrintApplication func(ctx context.Context, a app.Application, s app.ServiceDetail) error
	// IdleTimeout is the hall's idle time: after it without a touch the kiosk counts
	// down (Countdown seconds, DefaultCountdown when zero) and ends the visitor's session
	// (session.go). DefaultIdleReset when zero.
	IdleTimeout time.Duration
	Countdown   int
	// Maintenance configures the locked-down kiosk's hidden maintenance panel (lockdown.go).
	Maintenance Maintenance
	// PrintRequest prints a registered request's slip and PrintRatingThanks the thanks
	// for a rating (feedback.go); nil means the screen is the slip.
	PrintRequest      func(ctx context.Context, r app.Request) error
	PrintRatingThanks func(ctx context.Context, r app.Rating) error
}

// Kiosk is the queue-number kiosk: a home screen with a tile per service and language
// buttons, and a ticket screen. Content is its root object.
type Kiosk struct {
	svc   app.HallService
	opts  Options
	lang0 string
	scope ui.Scope
	g     ui.Guard
	// after starts the return-home timer; tests replace it to fire the timer at will.
	after func(d time.Duration, f func()) (stop func() bool)

	// state, guarded by g
	loc      *ui.Localizer
	services []app.Service
	loaded   bool // the catalogue is here
	fetching bool // a catalogue request is in flight
	empty    bool // the hub's catalogue came back empty
	loadErr  error
	issuing  bool
	issueErr error
	screen   string
	ticket   app.Ticket
	service  app.Service
	qr       string
	print    string
	gen      int // bumped whenever the ticket screen is left or shown anew
	stop     func() bool

	// shared header and footer
	hall        *widget.Label
	hallDefault string // what hall shows until the hub tells the hall's name
	langBtns    map[string]*widget.Button
	link        *ui.LinkStatus
	body        *fyne.Container

	// home screen
	home     fyne.CanvasObject
	title    *widget.Label
	message  *widget.Label
	retry    *widget.Button
	retryBox *fyne.Container
	grid     *fyne.Container
	tiles    []*tile

	// ticket screen
	ticketView  fyne.CanvasObject
	yourNumber  *widget.Label
	number      *ui.BigText
	serviceName *widget.Label
	ahead       *widget.Label
	qrImage     *canvas.Image
	scan        *widget.Label
	printStatus *widget.Label
	reprint     *widget.Button
	reprintBox  *fyne.Container
	homeBtn     *widget.Button
	autoHome    *widget.Label

	content  fyne.CanvasObject
	flow     *flow     // guide, pre-application and progress screens (flow.go)
	qb       *queueBar // estimates, green channel, check-in, rule messages (queueinfo.go)
	printErr error     // why the last print failed (a PrintFaulter names the printer fault)
	fb       *feedback // rating, requests, notices and the scanner (feedback.go)

	// elder mode, clock, idle countdown, lockdown (session.go, elder.go, lockdown.go)
	sx *sessionUI
}

// tile is one service's touch target: a button under a large wrapped label.
type tile struct {
	svc   app.Service
	btn   *widget.Button
	label *widget.Label
	wait  *widget.Label // "前面 N 人，约 M 分钟" (queueinfo.go)
	obj   fyne.CanvasObject
}

// New builds the kiosk in loc's language (the language it returns to for each new
// visitor). It does no I/O: call Start.
func New(a fyne.App, svc app.HallService, loc *ui.Localizer, opts Options) *Kiosk {
	_ = a // the screens draw with the app's theme; kept for the screen constructor's shape
	if opts.ReturnHome <= 0 {
		opts.ReturnHome = DefaultReturnHome
	}
	k := &Kiosk{
		svc:    svc,
		opts:   opts,
		lang0:  loc.Lang(),
		loc:    loc,
		screen: ScreenHome,
		after: func(d time.Duration, f func()) func() bool {
			return time.AfterFunc(d, f).Stop
		},
		langBtns: map[string]*widget.Button{},
	}
	k.sx = newSessionUI(k)

	k.hall = widget.NewLabel("")
	k.hall.SizeName = theme.SizeNameHeadingText
	k.hall.TextStyle.Bold = true
	langs := container.NewHBox()
	for _, l := range ui.Langs {
		b := widget.NewButton("", func() { k.SetLang(l) })
		k.langBtns[l] = b
		langs.Add(ui.WithMinSize(b, 96, ButtonHeight))
	}
	k.link = ui.NewLinkStatus(loc)

	// home
	k.title = widget.NewLabel("")
	k.title.SizeName = theme.SizeNameHeadingText
	k.title.Alignment = fyne.TextAlignCenter
	k.message = widget.NewLabel("")
	k.message.Alignment = fyne.TextAlignCenter
	k.message.Wrapping = fyne.TextWrapWord
	k.message.SizeName = theme.SizeNameSubHeadingText
	k.retry = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), k.Retry)
	k.retryBox = container.NewCenter(ui.WithMinSize(k.retry, 160, ButtonHeight))
	k.retryBox.Hide()
	k.grid = container.NewGridWithColumns(2)
	k.home = container.NewBorder(
		container.NewVBox(k.flowEntries(), k.feedbackEntries(), k.title, k.queueBar(), k.message, k.retryBox),
		nil, nil, nil,
		container.NewVScroll(k.grid))

	// ticket
	k.yourNumber = widget.NewLabel("")
	k.yourNumber.Alignment = fyne.TextAlignCenter
	k.yourNumber.SizeName = theme.SizeNameSubHeadingText
	k.number = ui.NewBigText("", 180)
	k.number.Bold = true
	k.number.ColorName = theme.ColorNamePrimary
	k.serviceName = widget.NewLabel("")
	k.serviceName.Alignment = fyne.TextAlignCenter
	k.serviceName.SizeName = theme.SizeNameHeadingText
	k.serviceName.Wrapping = fyne.TextWrapWord
	k.ahead = widget.NewLabel("")
	k.ahead.Alignment = fyne.TextAlignCenter
	k.ahead.SizeName = theme.SizeNameHeadingText
	k.qrImage = ui.QRImage("", 240)
	k.scan = widget.NewLabel("")
	k.scan.Alignment = fyne.TextAlignCenter
	k.printStatus = widget.NewLabel("")
	k.printStatus.Alignment = fyne.TextAlignCenter
	k.printStatus.Wrapping = fyne.TextWrapWord
	k.printStatus.SizeName = theme.SizeNameSubHeadingText
	k.reprint = widget.NewButtonWithIcon("", theme.DocumentPrintIcon(), k.Reprint)
	k.reprintBox = container.NewCenter(ui.WithMinSize(k.reprint, 200, ButtonHeight))
	k.reprintBox.Hide()
	k.homeBtn = widget.NewButtonWithIcon("", theme.HomeIcon(), k.GoHome)
	k.homeBtn.Importance = widget.HighImportance
	k.autoHome = widget.NewLabel("")
	k.autoHome.Alignment = fyne.TextAlignCenter
	k.ticketView = container.NewVScroll(container.NewVBox(
		k.yourNumber, k.number, k.serviceName, k.ahead, k.qb.ticketNote,
		container.NewCenter(k.qrImage), k.scan,
		k.printStatus,
		k.reprintBox,
		layout.NewSpacer(),
		container.NewPadded(ui.WithHeight(k.homeBtn, 80)),
		k.autoHome,
	))

	k.body = container.NewStack(k.home)
	header := k.sx.header(langs)
	footer := container.NewVBox(widget.NewSeparator(), k.link)
	k.content = k.sx.frame(container.NewPadded(container.NewBorder(header, footer, nil, nil, k.body)))

	k.retext()
	return k
}

// Content returns the kiosk's root object.
func (k *Kiosk) Content() fyne.CanvasObject { return k.content }

// Start loads the catalogue and follows the hall's live events (link status) in the
// background until ctx ends. It returns at once.
func (k *Kiosk) Start(ctx context.Context) {
	k.scope.Set(ctx)
	go k.load()
	go k.qb.run(ctx)
	go k.sx.runClock(ctx)
	go ui.Follow(ctx, k.svc, k.reload, func(error) { k.g.Do(k.link.SetHubDown) }, func(ev app.Event) {
		k.qb.onEvent(ev)
		if ev.Type == app.EventSyncStatus && ev.Health != nil {
			h := *ev.Health
			k.g.Do(func() { k.link.Set(h) })
		}
	})
}

// reload runs after each (re)subscription: the hall's name and link, and the catalogue
// when it is not loaded yet.
func (k *Kiosk) reload() {
	ctx, cancel := k.scope.Request()
	defer cancel()
	if h, err := k.svc.Health(ctx); err == nil {
		k.g.Do(func() {
			if h.HallName != "" {
				k.hall.SetText(h.HallName)
			}
			k.link.Set(h)
		})
	}
	k.qb.ask()
	k.load()
}

// load fetches the catalogue unless it is here or on its way.
func (k *Kiosk) load() {
	var skip bool
	k.g.Read(func() {
		skip = k.loaded || k.fetching
		if !skip {
			k.fetching = true
		}
	})
	if skip {
		return
	}
	ctx, cancel := k.scope.Request()
	defer cancel()
	list, err := k.svc.Services(ctx)
	k.g.Do(func() {
		k.fetching = false
		switch {
		case err != nil:
			k.loadErr = err
		case len(list) == 0:
			k.loadErr, k.empty = nil, true // not loaded: the next reconnect asks again
		default:
			k.services, k.loaded, k.loadErr, k.empty = list, true, nil, false
			k.buildTiles()
		}
		k.showMessage()
	})
}

// Retry loads the catalogue again after a failure (the retry button).
func (k *Kiosk) Retry() {
	k.g.Lock()
	k.loadErr, k.empty = nil, false
	k.showMessage()
	k.g.Unlock()
	go k.load()
}

// SetLang switches every text of the kiosk to lang (ui.LangHans, ui.LangHant, ui.LangEN).
func (k *Kiosk) SetLang(lang string) {
	k.g.Lock()
	defer k.g.Unlock()
	k.setLang(lang)
	k.touch()
}

func (k *Kiosk) setLang(lang string) {
	if ui.NormalizeLang(lang) == k.loc.Lang() {
		return
	}
	k.loc = ui.NewLocalizer(lang)
	k.link.SetLocalizer(k.loc)
	k.retext()
}

// choose takes a number for s (a tile's tap). A tap while a request is in flight, or
// while the ticket screen shows, does nothing: one tap, one ticket.
func (k *Kiosk) choose(s app.Service) {
	k.g.Lock()
	defer k.g.Unlock()
	if k.screen != ScreenHome || k.issuing {
		return
	}
	k.issuing, k.issueErr = true, nil
	k.setTilesEnabled(false)
	k.showMessage()
	prio := k.qb.priority()
	go func() {
		ctx, cancel := k.scope.Request()
		defer cancel()
		t, err := k.svc.IssueTicket(ctx, app.IssueRequest{ServiceID: s.ID, Priority: prio})
		k.g.Do(func() {
			k.issuing = false
			k.setTilesEnabled(true)
			if err != nil {
				k.issueErr = err
				k.showMessage()
				return
			}
			k.showMessage()
			k.showTicket(t, s)
		})
	}()
}

// Reprint prints the shown ticket's slip again (the reprint button).
func (k *Kiosk) Reprint() {
	k.g.Lock()
	defer k.g.Unlock()
	if k.screen != ScreenTicket || k.print == PrintPrinting {
		return
	}
	k.armTimer()
	k.startPrint()
}

// GoHome leaves the ticket screen for the home screen (the home button), keeping the
// visitor's language.
func (k *Kiosk) GoHome() {
	k.g.Lock()
	defer k.g.Unlock()
	k.goHome()
	k.sx.activity()
}

// The methods below run with k.g held.

func (k *Kiosk) showTicket(t app.Ticket, s app.Service) {
	k.gen++
	k.ticket, k.service, k.screen = t, s, ScreenTicket
	k.qr = app.TicketQRPayload(k.opts.HallCode, t)
	ui.SetQR(k.qrImage, k.qr)
	k.number.SetText(t.Number)
	k.retextTicket()
	k.body.Objects = []fyne.CanvasObject{k.ticketView}
	k.body.Refresh()
	k.armTimer()
	k.startPrint()
}

func (k *Kiosk) goHome() {
	k.gen++
	if k.stop != nil {
		k.stop()
		k.stop = nil
	}
	k.screen = ScreenHome
	// Nothing of the last visitor stays on screen.
	k.ticket, k.service, k.qr, k.print = app.Ticket{}, app.Service{}, "", ""
	k.number.SetText("")
	ui.SetQR(k.qrImage, "")
	k.retextTicket()
	k.flow.reset()
	k.qb.reset()
	k.fb.reset()
	k.body.Objects = []fyne.CanvasObject{k.home}
	k.body.Refresh()
}

// armTimer (re)starts the return-home timer for the ticket now shown.
func (k *Kiosk) armTimer() {
	if k.stop != nil {
		k.stop()
	}
	k.sx.activity() // the ticket's own return replaces the idle timer
	gen := k.gen
	k.stop = k.after(k.opts.ReturnHome, func() {
		k.g.Do(func() {
			if k.gen != gen || k.screen != ScreenTicket {
				return
			}
			k.endSession() // the next visitor starts as the hall left the kiosk
		})
	})
}

// startPrint prints the shown ticket in the background.
func (k *Kiosk) startPrint() {
	if k.opts.Print == nil {
		k.print = PrintNone
		k.showPrint()
		return
	}
	k.print = PrintPrinting
	k.showPrint()
	gen, t, s := k.gen, k.ticket, k.service
	go func() {
		ctx, cancel := context.WithTimeout(k.scope.Context(), DefaultPrintTimeout)
		defer cancel()
		err := k.opts.Print(ctx, t, s)
		if err != nil {
			go k.qb.printFailed(t, err) // staff learn of it at the hub
		}
		k.g.Do(func() {
			if k.gen != gen {
				return // the visitor has left this ticket
			}
			k.printErr = err
			if err != nil {
				k.print = PrintFailed
			} else {
				k.print = PrintDone
			}
			k.showPrint()
		})
	}()
}

func (k *Kiosk) showPrint() {
	switch k.print {
	case PrintNone:
		k.printStatus.SetText(k.loc.T("kiosk.no_printer"))
		k.printStatus.Importance = widget.WarningImportance
	case PrintPrinting:
		k.printStatus.SetText(k.loc.T("kiosk.printing"))
		k.printStatus.Importance = widget.MediumImportance
	case PrintDone:
		k.printStatus.SetText(k.loc.T("kiosk.printed"))
		k.printStatus.Importance = widget.SuccessImportance
	case PrintFailed:
		k.printStatus.SetText(printFaultText(k.loc, k.printErr) + k.loc.T("kiosk.print_failed"))
		k.printStatus.Importance = widget.DangerImportance
	default:
		k.printStatus.SetText("")
	}
	k.printStatus.Refresh()
	if k.print == PrintFailed {
		k.reprintBox.Show()
	} else {
		k.reprintBox.Hide()
	}
	k.qb.showTicketNote()
}

func (k *Kiosk) setTilesEnabled(on bool) {
	for _, t := range k.tiles {
		if on {
			t.btn.Enable()
		} else {
			t.btn.Disable()
		}
	}
}

func (k *Kiosk) buildTiles() {
	k.tiles = k.tiles[:0]
	k.grid.RemoveAll()
	for _, s := range k.services {
		t := &tile{svc: s}
		t.btn = widget.NewButton("", func() { k.choose(s) })
		t.label = widget.NewLabel(ui.ServiceName(s, k.loc.Lang()))
		t.label.Alignment = fyne.TextAlignCenter
		t.label.Wrapping = fyne.TextWrapWord
		t.label.SizeName = theme.SizeNameHeadingText
		t.wait = k.qb.newTileWait()
		// Taps on the labels reach the button beneath them.
		t.obj = ui.WithHeight(container.NewStack(t.btn, k.qb.tileBody(t)), TileHeight)
		k.tiles = append(k.tiles, t)
		k.grid.Add(t.obj)
	}
	if k.issuing {
		k.setTilesEnabled(false)
	}
	k.qb.showTiles()
}

// showMessage shows the home screen's one line of news: loading, issuing, an error, an
// empty catalogue, or nothing.
func (k *Kiosk) showMessage() {
	msg, imp := "", widget.MediumImportance
	k.retryBox.Hide()
	switch {
	case k.issuing:
		msg = k.loc.T("kiosk.issuing")
	case k.issueErr != nil:
		msg, imp = k.qb.issueErrorText(k.issueErr), widget.DangerImportance
	case k.loadErr != nil:
		msg, imp = k.loc.ErrorText(k.loadErr), widget.DangerImportance
		k.retryBox.Show()
	case k.empty:
		msg = k.loc.T("kiosk.empty")
		k.retryBox.Show()
	case !k.loaded:
		msg = k.loc.T("kiosk.loading")
	}
	k.message.Importance = imp
	k.message.SetText(msg)
	if msg == "" {
		k.message.Hide()
	} else {
		k.message.Show()
	}
}

// retext sets every text in the current language.
func (k *Kiosk) retext() {
	if k.hall.Text == "" || k.hall.Text == k.hallDefault {
		k.hallDefault = k.loc.T("kiosk.hall")
		k.hall.SetText(k.hallDefault)
	}
	for l, b := range k.langBtns {
		b.SetText(k.loc.T("lang." + map[string]string{ui.LangHans: "zh_hans", ui.LangHant: "zh_hant", ui.LangEN: "en"}[l]))
		if l == k.loc.Lang() {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
	k.title.SetText(k.loc.T("kiosk.title"))
	k.retry.SetText(k.loc.T("kiosk.retry"))
	for _, t := range k.tiles {
		t.label.SetText(ui.ServiceName(t.svc, k.loc.Lang()))
	}
	k.showMessage()
	k.retextTicket()
	k.flow.retext()
	k.qb.retext()
	k.sx.retext()
	k.fb.retext()
}

func (k *Kiosk) retextTicket() {
	k.yourNumber.SetText(k.loc.T("kiosk.your_number"))
	k.scan.SetText(k.loc.T("kiosk.scan"))
	k.reprint.SetText(k.loc.T("kiosk.reprint"))
	k.homeBtn.SetText(k.loc.T("kiosk.home"))
	k.autoHome.SetText(k.loc.Tf("kiosk.auto_home", map[string]any{"Seconds": strconv.Itoa(int(k.opts.ReturnHome / time.Second))}))
	if k.screen != ScreenTicket {
		k.serviceName.SetText("")
		k.ahead.SetText("")
		k.showPrint()
		return
	}
	k.serviceName.SetText(ui.ServiceName(k.service, k.loc.Lang()))
	k.ahead.SetText(k.qb.aheadText(k.ticket))
	k.showPrint()
}
