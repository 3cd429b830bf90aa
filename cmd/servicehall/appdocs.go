package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"servicehall/app"
	"servicehall/app/ui"
	"servicehall/printing"
	"servicehall/printing/device"
	"servicehall/printing/escpos"
	"servicehall/printing/pdf"
	"servicehall/printing/preview"
	"servicehall/printing/queue"
)

// guideSlips prints the kiosk's guide and pre-application slips (a service's materials
// list, a submitted pre-application) on the kiosk's slip printer, through the same device,
// profile and spool as its tickets, in the visitor's language.
type guideSlips struct{ p *ticketPrinter }

// PrintMaterials prints a service's materials list (the guide's "print this list").
func (g guideSlips) PrintMaterials(ctx context.Context, s app.ServiceDetail) error {
	loc := g.p.visitor()
	lang := loc.Lang()
	var ms []printing.Material
	for _, m := range s.Materials {
		ms = append(ms, docMaterial(loc, m))
	}
	wins := make([]string, len(s.Windows))
	for i, w := range s.Windows {
		wins[i] = strconv.Itoa(w)
	}
	sl := printing.MaterialsList(printing.MaterialsListData{
		Hall:    g.p.hall(ctx),
		Title:   loc.T("guide.doc.title"),
		Service: ui.Pick(s.Name, s.NameEN, lang),
		Fields: []printing.Field{
			{Label: loc.T("guide.doc.department"), Value: ui.Pick(s.DepartmentName, s.DepartmentNameEN, lang)},
			{Label: loc.T("guide.doc.kind"), Value: ui.KindText(loc, s.Kind)},
			{Label: loc.T("guide.doc.terms"), Value: ui.TermsText(loc, s.CatalogueService)},
			{Value: ui.FeeText(loc, s.FeeFen)},
			{Label: loc.T("guide.doc.windows"), Value: strings.Join(wins, loc.T("guide.list_sep"))},
		},
		MaterialsTitle: loc.T("guide.materials"),
		Materials:      ms,
		BasisTitle:     loc.T("guide.doc.basis"),
		Basis:          s.LegalBasis,
		QR:             s.Code,
		QRCaption:      loc.T("guide.doc.qr_caption"),
		Footer:         loc.T("guide.doc.footer"),
	})
	return g.p.sendSlip(ctx, sl, s.Code, time.Now().In(g.p.zone).Format("20060102-150405"))
}

// PrintApplication prints a submitted pre-application's slip: tracking number large, QR
// code, the applicant masked, and the materials to bring.
func (g guideSlips) PrintApplication(ctx context.Context, a app.Application, s app.ServiceDetail) error {
	loc := g.p.visitor()
	var ms []printing.Material
	for _, m := range s.Materials {
		ms = append(ms, docMaterial(loc, m))
	}
	sl := printing.PreApplicationSlip(printing.PreApplicationData{
		Hall:           g.p.hall(ctx),
		Title:          loc.T("apply.doc.title"),
		Tracking:       printing.Field{Label: loc.T("apply.doc.tracking"), Value: a.TrackingNo},
		Service:        printing.Field{Label: loc.T("apply.doc.service"), Value: ui.Pick(s.Name, s.NameEN, loc.Lang())},
		Applicant:      printing.Field{Label: loc.T("apply.doc.applicant"), Value: a.Applicant.Name},
		ApplicantID:    printing.Field{Label: loc.T("apply.doc.id_number"), Value: a.Applicant.IDNumber},
		Phone:          printing.Field{Label: loc.T("apply.doc.phone"), Value: a.Applicant.Phone},
		Submitted:      printing.Field{Label: loc.T("apply.doc.submitted"), Value: a.SubmittedAt.In(g.p.zone).Format("2006-01-02 15:04")},
		MaterialsTitle: loc.T("apply.doc.materials"),
		Materials:      ms,
		QR:             app.StatusURL(g.p.statusURL, a.TrackingNo),
		QRCaption:      loc.T("apply.scan"),
		Footer:         loc.T("apply.doc.footer"),
	})
	return g.p.sendSlip(ctx, sl, a.TrackingNo, "")
}

// PrintRequest prints a registered request's slip (登记凭条): the number large, kind,
// subject, the phone masked, the time and a QR code of the number, which the kiosk's
// scanner reads back to the request's status.
func (g guideSlips) PrintRequest(ctx context.Context, r app.Request) error {
	loc := g.p.visitor()
	kind := ui.RequestText(loc, r.Kind)
	sl := printing.RequestSlip(printing.RequestSlipData{
		Hall:      g.p.hall(ctx),
		Title:     kind + loc.T("request.doc.title"),
		Number:    printing.Field{Label: loc.T("request.doc.number"), Value: r.TrackingNo},
		Kind:      printing.Field{Label: loc.T("request.doc.kind"), Value: kind},
		Subject:   printing.Field{Label: loc.T("request.doc.subject"), Value: r.Subject},
		Phone:     printing.Field{Label: loc.T("request.doc.phone"), Value: r.Contact.Phone},
		Submitted: printing.Field{Label: loc.T("request.doc.submitted"), Value: r.SubmittedAt.In(g.p.zone).Format("2006-01-02 15:04")},
		Promise:   loc.T("request.doc.promise"),
		QR:        r.TrackingNo,
		QRCaption: loc.T("request.doc.qr_caption"),
		Footer:    loc.T("request.doc.footer"),
	})
	return g.p.sendSlip(ctx, sl, r.TrackingNo, "")
}

// PrintRatingThanks prints the slip thanking a citizen for a rating: the overall level in
// stars and words, the window, what was rated and when.
func (g guideSlips) PrintRatingThanks(ctx context.Context, r app.Rating) error {
	loc := g.p.visitor()
	subject := r.TicketNumber
	if r.Subject == app.RatingOfApplication {
		subject = r.TrackingNo
	}
	fields := []printing.Field{{Label: loc.T("rating.doc.subject"), Value: subject}}
	if r.Window > 0 {
		fields = append(fields, printing.Field{Label: loc.T("rating.doc.window"),
			Value: loc.Tf("rating.doc.window_value", map[string]any{"Window": strconv.Itoa(r.Window)})})
	}
	fields = append(fields, printing.Field{Label: loc.T("rating.doc.time"), Value: r.RatedAt.In(g.p.zone).Format("2006-01-02 15:04")})
	msg := loc.T("rating.thanks_note")
	if r.FollowUp {
		msg = loc.T("rating.follow_up")
	}
	sl := printing.RatingThanks(printing.RatingThanksData{
		Hall:    g.p.hall(ctx),
		Title:   loc.T("rating.doc.title"),
		Stars:   int(r.Scores.Overall),
		Level:   ui.LevelText(loc, r.Scores.Overall),
		Message: msg,
		Fields:  fields,
		Footer:  loc.T("rating.doc.footer"),
	})
	return g.p.sendSlip(ctx, sl, r.ID, "")
}

// visitor is the kiosk's current language.
func (p *ticketPrinter) visitor() *ui.Localizer {
	if p.lang != nil {
		if l := p.lang(); l != nil {
			return l
		}
	}
	return p.loc
}

// sendSlip encodes a document slip as ESC/POS and sends it like a ticket: through the
// spool when there is one (a retry with the same key prints nothing twice), with a PNG
// preview beside a file: printer's output. key names the record (a tracking number or a
// service code); stamp, when set, makes each print a job of its own.
func (p *ticketPrinter) sendSlip(ctx context.Context, sl *printing.Slip, key, stamp string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	data, err := escpos.Encode(sl, p.profile)
	if err != nil {
		return err
	}
	name := sl.Name
	target := p.spec.String()
	if p.spec.Scheme == device.SchemeFile && (strings.HasSuffix(p.spec.Target, "/") || isDir(p.spec.Target)) {
		base := filepath.Join(p.spec.Target, fileSafe(strings.Trim(name+"-"+key+"-"+stamp, "-")))
		target = "file:" + base + ".escpos"
		if png, err := preview.PNG(sl, p.profile.Columns); err == nil {
			if err := os.MkdirAll(filepath.Dir(base), 0o750); err == nil {
				_ = os.WriteFile(base+".png", png, 0o640)
			}
		}
	}
	if p.jobs == nil {
		_, err = device.SendJob(ctx, target, data)
	} else {
		id := name + "-" + key
		if stamp != "" {
			id += "-" + stamp
		}
		_, err = p.jobs.Submit(ctx, queue.Job{ID: id, Printer: target, Name: name, Label: key}, data)
		if errors.Is(err, queue.ErrDone) {
			err = nil
		}
	}
	if err != nil {
		p.logger.Warn("slip print failed", "doc", name, "key", key, "printer", p.spec.String(), "err", err)
		return err
	}
	p.logger.Info("slip printed", "doc", name, "key", key, "printer", target, "bytes", len(data))
	return nil
}

// counterDocs prints the counter's A4 documents, the acceptance receipt (受理回执) and the
// one-time notice (一次性告知书), as PDF: to pdf:DATA/prints/ (a file per document) unless
// --printer names an lp:QUEUE or pdf:PATH.
type counterDocs struct {
	doc    *device.DocPrinter
	loc    *ui.Localizer
	hall   func(ctx context.Context) string
	zone   *time.Location
	window int
	logger *slog.Logger
	// statusURL is central's status page base: receipts' QR codes link to it.
	statusURL string
}

func newCounterDocs(c guiConfig, loc *ui.Localizer, hall func(context.Context) string, logger *slog.Logger) (*counterDocs, error) {
	spec := c.Printer
	if sp, err := device.ParseSpec(spec); err != nil || (sp.Scheme != device.SchemeLP && sp.Scheme != device.SchemePDF) {
		// The slip printer's spec names a thermal printer or a folder of slips: documents
		// go to PDF files in the data folder.
		spec = "pdf:" + filepath.Join(c.Data, "prints") + string(filepath.Separator)
		if err := os.MkdirAll(filepath.Join(c.Data, "prints"), 0o750); err != nil {
			return nil, err
		}
	}
	d, err := device.NewDocPrinter(spec, pdf.A4)
	if err != nil {
		return nil, err
	}
	return &counterDocs{doc: d, loc: loc, hall: hall, zone: app.LoadLocation(""), window: c.Window, statusURL: c.StatusURL, logger: logger}, nil
}

// windowOf is the window of the application's last step done at a window.
func (d *counterDocs) windowOf(a app.Application) string {
	w := d.window
	for _, s := range a.Timeline {
		if s.Window > 0 {
			w = s.Window
		}
	}
	return d.loc.Tf("accept.doc.window_value", map[string]any{"Window": strconv.Itoa(w)})
}

// PrintReceipt prints the acceptance receipt: tracking number, QR code, promised date
// from the working-day calendar, and the materials received.
func (d *counterDocs) PrintReceipt(ctx context.Context, a app.Application, s app.ServiceDetail) error {
	loc := d.loc
	var ms []printing.Material
	for _, i := range a.Received {
		if i >= 0 && i < len(s.Materials) {
			ms = append(ms, docMaterial(loc, s.Materials[i]))
		}
	}
	promised := loc.T("accept.doc.on_the_spot")
	if s.Kind == app.KindPromised && a.PromisedDate != "" {
		promised = loc.Tf("accept.doc.promised_value", map[string]any{"Date": a.PromisedDate, "Days": strconv.Itoa(s.PromisedDays)})
	}
	accepted := ""
	if a.AcceptedAt != nil {
		accepted = a.AcceptedAt.In(d.zone).Format("2006-01-02 15:04")
	}
	sl := printing.AcceptanceReceipt(printing.ReceiptData{
		Hall:           d.hall(ctx),
		Title:          loc.T("accept.doc.receipt_title"),
		Tracking:       printing.Field{Label: loc.T("apply.doc.tracking"), Value: a.TrackingNo},
		Applicant:      printing.Field{Label: loc.T("apply.doc.applicant"), Value: a.Applicant.Name},
		ApplicantID:    printing.Field{Label: loc.T("apply.doc.id_number"), Value: a.Applicant.IDNumber},
		Service:        printing.Field{Label: loc.T("apply.doc.service"), Value: ui.Pick(s.Name, s.NameEN, loc.Lang())},
		Accepted:       printing.Field{Label: loc.T("accept.doc.accepted"), Value: accepted},
		Promised:       printing.Field{Label: loc.T("accept.doc.promised"), Value: promised},
		Window:         printing.Field{Label: loc.T("accept.doc.window"), Value: d.windowOf(a)},
		Extra:          []printing.Field{{Value: ui.FeeText(loc, s.FeeFen)}},
		MaterialsTitle: loc.T("accept.doc.received"),
		Materials:      ms,
		QR:             app.StatusURL(d.statusURL, a.TrackingNo),
		QRCaption:      loc.T("apply.scan"),
		Footer:         loc.T("accept.doc.receipt_footer"),
	})
	return d.print(ctx, sl, a.TrackingNo)
}

// PrintNotice prints the one-time notice listing every missing material.
func (d *counterDocs) PrintNotice(ctx context.Context, a app.Application, s app.ServiceDetail, missing []app.Material) error {
	loc := d.loc
	var ms []printing.Material
	for _, m := range missing {
		ms = append(ms, docMaterial(loc, m))
	}
	sl := printing.OneTimeNotice(printing.NoticeData{
		Hall:         d.hall(ctx),
		Title:        loc.T("accept.doc.notice_title"),
		Tracking:     printing.Field{Label: loc.T("apply.doc.tracking"), Value: a.TrackingNo},
		Applicant:    printing.Field{Label: loc.T("apply.doc.applicant"), Value: a.Applicant.Name},
		ApplicantID:  printing.Field{Label: loc.T("apply.doc.id_number"), Value: a.Applicant.IDNumber},
		Service:      printing.Field{Label: loc.T("apply.doc.service"), Value: ui.Pick(s.Name, s.NameEN, loc.Lang())},
		Intro:        loc.T("accept.doc.notice_intro"),
		MissingTitle: loc.T("accept.doc.missing"),
		Missing:      ms,
		BasisTitle:   loc.T("guide.doc.basis"),
		Basis:        s.LegalBasis,
		Date:         printing.Field{Label: loc.T("accept.doc.notice_date"), Value: time.Now().In(d.zone).Format("2006-01-02 15:04")},
		Window:       printing.Field{Label: loc.T("accept.doc.notice_window"), Value: d.windowOf(a)},
		QR:           app.StatusURL(d.statusURL, a.TrackingNo),
		QRCaption:    loc.T("apply.scan"),
		Footer:       loc.T("accept.doc.notice_footer"),
	})
	return d.print(ctx, sl, a.TrackingNo)
}

func (d *counterDocs) print(ctx context.Context, sl *printing.Slip, key string) error {
	if err := d.doc.Print(ctx, sl); err != nil {
		d.logger.Warn("document print failed", "doc", sl.Name, "tracking_no", key, "printer", d.doc.Spec(), "err", err)
		return err
	}
	d.logger.Info("document printed", "doc", sl.Name, "tracking_no", key, "printer", d.doc.Spec())
	return nil
}

// docMaterial is a material as a document lists it.
func docMaterial(loc *ui.Localizer, m app.Material) printing.Material {
	return printing.Material{
		Name:   ui.Pick(m.Name, m.NameEN, loc.Lang()),
		Detail: loc.Tf("guide.doc.material_detail", map[string]any{"Form": ui.MaterialFormText(loc, m.Form), "Count": strconv.Itoa(m.Count)}),
		Notes:  ui.Pick(m.Notes, m.NotesEN, loc.Lang()),
	}
}

// fileSafe keeps letters, digits, '-' and '_' of s for a file name.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return fmt.Sprint(time.Now().UnixNano())
	}
	return b.String()
}
