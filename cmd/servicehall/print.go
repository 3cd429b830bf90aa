package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"servicehall/app"
	"servicehall/app/ui"
	"servicehall/printing"
	"servicehall/printing/device"
	"servicehall/printing/escpos"
	"servicehall/printing/preview"
	"servicehall/printing/queue"
)

// ticketPrinter prints queue slips for a kiosk: ESC/POS to the configured device, and for a
// file: printer a PNG preview beside each slip, so a hall without a printer (or a
// developer) can see exactly what would have come out.
type ticketPrinter struct {
	spec    device.Spec
	profile escpos.Profile
	loc     *ui.Localizer
	lang    func() *ui.Localizer // the visitor's current language; loc when nil
	hall    func(ctx context.Context) string
	zone    *time.Location
	logger  *slog.Logger
	jobs    *queue.Queue // spools every slip: a failed one is kept and reprinted once; nil without a data folder
	mu      sync.Mutex
	// statusURL is central's status page base: pre-application slips' QR codes link to it.
	statusURL string
}

func newTicketPrinter(c guiConfig, loc *ui.Localizer, hallName func(context.Context) string, logger *slog.Logger) (*ticketPrinter, error) {
	spec, err := device.ParseSpec(c.Printer)
	if err != nil {
		return nil, err
	}
	prof, err := escpos.ParseProfile(c.Profile)
	if err != nil {
		return nil, err
	}
	p := &ticketPrinter{spec: spec, profile: prof, loc: loc, hall: hallName, zone: app.LoadLocation(""), logger: logger, statusURL: c.StatusURL}
	if c.Data != "" {
		if p.jobs, err = queue.Open(filepath.Join(c.Data, "prints", "spool"), nil); err != nil {
			logger.Warn("print queue unavailable: failed slips are not kept", "err", err)
		}
	}
	return p, nil
}

// slip lays out the ticket slip in the kiosk's language.
func (p *ticketPrinter) slip(ctx context.Context, t app.Ticket, s app.Service) *printing.Slip {
	loc := p.loc
	if p.lang != nil {
		if l := p.lang(); l != nil {
			loc = l
		}
	}
	return printing.TicketSlip(printing.TicketSlipData{
		Hall:      p.hall(ctx),
		Title:     loc.T("slip.ticket.title"),
		Number:    t.Number,
		Service:   ui.ServiceName(s, loc.Lang()),
		AheadLine: aheadLine(loc, t),
		Issued:    loc.Tf("slip.ticket.issued", map[string]any{"Time": t.IssuedAt.In(p.zone).Format("2006-01-02 15:04")}),
		QR:        app.TicketQRPayload(t.Hall, t),
		QRCaption: loc.T("slip.ticket.qr_caption"),
		Footer:    loc.T("slip.ticket.footer"),
	})
}

// aheadLine is the slip's "前面还有 N 人，预计等候 M 分钟": the ticket carries the hub's
// estimate from when it was issued; with nobody ahead the line has no minutes.
func aheadLine(loc *ui.Localizer, t app.Ticket) string {
	if t.WaitingAhead > 0 && t.EstimatedWaitMin > 0 {
		return loc.Tf("queue.kiosk.estimate", map[string]any{"Count": t.WaitingAhead, "Minutes": t.EstimatedWaitMin})
	}
	return loc.Tf("slip.ticket.ahead", map[string]any{"Count": t.WaitingAhead})
}

// PrintTicket prints one ticket slip. The ticket already exists at the hub whatever
// happens here; an error only tells the kiosk to offer a reprint.
func (p *ticketPrinter) PrintTicket(ctx context.Context, t app.Ticket, s app.Service) error {
	p.mu.Lock() // one slip at a time: two never interleave on the paper
	defer p.mu.Unlock()
	sl := p.slip(ctx, t, s)
	data, err := escpos.Encode(sl, p.profile)
	if err != nil {
		return err
	}
	target := p.spec.String()
	if p.spec.Scheme == device.SchemeFile && (strings.HasSuffix(p.spec.Target, "/") || isDir(p.spec.Target)) {
		base := filepath.Join(p.spec.Target, fmt.Sprintf("%s-%s-%s", t.Day, t.Number, shortID(t.ID)))
		target = "file:" + base + ".escpos"
		if png, err := preview.PNG(sl, p.profile.Columns); err == nil {
			if err := os.MkdirAll(filepath.Dir(base), 0o750); err == nil {
				_ = os.WriteFile(base+".png", png, 0o640)
			}
		}
	}
	send := func() error {
		if p.jobs == nil {
			_, err := device.SendJob(ctx, target, data)
			return err
		}
		id := ""
		if t.ID != "" {
			id = t.ID + "-" + printing.DocTicket
		}
		_, err := p.jobs.Submit(ctx, queue.Job{ID: id, Printer: target, Name: printing.DocTicket, Label: t.Number}, data)
		if errors.Is(err, queue.ErrDone) {
			return nil // printed already: a retry prints nothing twice
		}
		return err
	}
	if err := send(); err != nil {
		p.logger.Warn("ticket print failed", "ticket", t.Number, "printer", p.spec.String(), "err", err)
		return err
	}
	p.logger.Info("ticket printed", "ticket", t.Number, "printer", target, "bytes", len(data))
	return nil
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

func shortID(id string) string {
	id = strings.ReplaceAll(id, "-", "")
	if len(id) > 8 {
		return id[len(id)-8:]
	}
	return id
}

// printerTest prints a test slip: no display, no hub needed.
func printerTest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("servicehall printer test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	spec := fs.String("printer", "", "printer: "+device.Forms)
	profile := fs.String("profile", "80mm", "paper profile: 80mm or 58mm, optionally -utf8")
	hall := fs.String("hall-name", DefaultHallName, "hall name printed at the top")
	lang := fs.String("lang", "zh-Hans", "language of the slip")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *spec == "" {
		return fmt.Errorf("--printer is required (%s)", device.Forms)
	}
	prof, err := escpos.ParseProfile(*profile)
	if err != nil {
		return err
	}
	loc := ui.NewLocalizer(*lang)
	now := time.Now().In(app.LoadLocation(""))
	sl := printing.TestSlip(printing.TestSlipData{
		Hall:    *hall,
		Title:   loc.T("slip.test.title"),
		Sample:  loc.T("slip.test.sample"),
		QR:      "SHTEST:" + now.Format(time.RFC3339),
		Time:    now.Format("2006-01-02 15:04:05"),
		Printer: *spec + " · " + prof.String(),
	})
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	data, err := escpos.Encode(sl, prof)
	if err != nil {
		return err
	}
	if err := device.Send(ctx, *spec, data); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "test slip sent to %s (%d bytes, %s)\n", *spec, len(data), prof)
	return nil
}

// printerList shows the printers this machine can see: CUPS queues (lp:NAME) and device
// nodes (dev:PATH). It never fails for want of CUPS or printers; it says so.
func printerList(ctx context.Context, stdout io.Writer) error {
	l := device.List(ctx)
	fmt.Fprintln(stdout, "CUPS queues (--printer lp:NAME):")
	for _, q := range l.Queues {
		fmt.Fprintln(stdout, "  lp:"+q)
	}
	if l.CUPS != "" {
		fmt.Fprintln(stdout, "  none: "+l.CUPS)
	}
	fmt.Fprintf(stdout, "device nodes %s (--printer dev:PATH):\n", strings.Join(device.DefaultNodePatterns, " "))
	for _, n := range l.Nodes {
		fmt.Fprintln(stdout, "  dev:"+n)
	}
	if len(l.Nodes) == 0 {
		fmt.Fprintln(stdout, "  none")
	}
	fmt.Fprintln(stdout, "network printers are not discovered: use tcp:HOST:9100")
	return nil
}
