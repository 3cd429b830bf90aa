package ui_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

const (
	goodID = "11010519491231002X" // GB 11643-1999's published example
	badID  = "110105194912310021" // the same with a wrong check character
)

// printed records the acceptance screen's print hooks.
type printed struct {
	mu       sync.Mutex
	notices  [][]app.Material
	receipts []app.Application
}

func (p *printed) notice(_ context.Context, _ app.Application, _ app.ServiceDetail, missing []app.Material) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.notices = append(p.notices, missing)
	return nil
}

func (p *printed) receipt(_ context.Context, a app.Application, _ app.ServiceDetail) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.receipts = append(p.receipts, a)
	return nil
}

func (p *printed) count() (int, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.notices), len(p.receipts)
}

func startAcceptance(t *testing.T, h *hubtest.Hall, p *printed) (*ui.Acceptance, fyne.Window) {
	t.Helper()
	a := newApp(t)
	s := ui.NewAcceptance(a, h.HTTPClient(app.RoleCounter), ui.NewLocalizer("zh-Hans"), ui.AcceptOptions{
		Window: 2, PrintNotice: p.notice, PrintReceipt: p.receipt})
	w := test.NewWindow(s.Content())
	t.Cleanup(w.Close)
	s.Start(startCtx(t))
	return s, w
}

// TestCounterNewApplication starts an application at the window for a promised-term
// service: a bad ID number is refused under its field with everything kept, then the
// application is created, accepted with every material, and its receipt printed with the
// promised date.
func TestCounterNewApplication(t *testing.T) {
	h := hubtest.New(t)
	p := &printed{}
	s, _ := startAcceptance(t, h, p)
	f := s.Form()
	uitest.WaitFor(t, "the catalogue", func() bool { return f.Services() > 60 })
	test.Tap(s.NewButton())
	f.ChooseService("GA-011")
	uitest.WaitFor(t, "the service's form", f.Ready)
	f.Set("applicant.name", "李四")
	f.Set("applicant.id_number", badID)
	f.Set("applicant.phone", "13812345678")
	f.Set("fields.application_type", "first")
	f.Set("fields.travel_purpose", "tourism")
	f.Set("fields.delivery", "window")
	f.Create()
	if got, want := f.Error("applicant.id_number"), "居民身份证号码：校验位不正确，请核对每一位"; got != want {
		t.Errorf("ID error = %q, want %q", got, want)
	}
	if f.Error("applicant.phone") != "" || f.Value("applicant.name") != "李四" || f.Value("applicant.id_number") != badID || f.Value("fields.travel_purpose") != "旅游" {
		t.Errorf("after the error: phone error %q, name %q, ID %q, purpose %q", f.Error("applicant.phone"), f.Value("applicant.name"), f.Value("applicant.id_number"), f.Value("fields.travel_purpose"))
	}
	if n, err := h.DB.ApplicationCount(context.Background()); err != nil || n != 0 {
		t.Fatalf("a refused form stored %d applications (%v)", n, err)
	}

	f.Set("applicant.id_number", strings.ToLower(goodID))
	f.Create()
	uitest.WaitFor(t, "the new application", func() bool { return s.Current() != nil })
	cur := s.Current()
	if cur.Status != app.StatusSubmitted || !strings.HasPrefix(s.StatusText(), "已创建 "+cur.TrackingNo) {
		t.Fatalf("created %+v, status %q", cur, s.StatusText())
	}
	if cur.Applicant.IDNumber != "1101**********002X" {
		t.Errorf("the counter got the ID number %q", cur.Applicant.IDNumber)
	}
	checks := s.Checks()
	if len(checks) != 3 {
		t.Fatalf("%d materials", len(checks))
	}
	for _, c := range checks {
		test.Tap(c)
	}
	test.Tap(s.AcceptButton())
	uitest.WaitFor(t, "the receipt", func() bool { return s.PrintState() == ui.PrintDone })
	cur = s.Current()
	if cur.Status != app.StatusAccepted || cur.PromisedDate == "" {
		t.Fatalf("accepted: %s, promised %q", cur.Status, cur.PromisedDate)
	}
	if got := s.OutcomeText(); !strings.Contains(got, "已受理，承诺办结日期 "+cur.PromisedDate) || !strings.Contains(got, "受理回执已打印") {
		t.Errorf("outcome %q", got)
	}
	if n, r := p.count(); n != 0 || r != 1 || p.receipts[0].TrackingNo != cur.TrackingNo {
		t.Errorf("%d notices, %d receipts", n, r)
	}
	if !s.AcceptButton().Disabled() {
		t.Error("accept still offered for an accepted application")
	}
	today := time.Now().In(app.LoadLocation("")).Format(app.DateLayout)
	if cur.PromisedDate <= today {
		t.Errorf("promised %s is not after today %s", cur.PromisedDate, today)
	}
}

// TestApplicationList shows each application's deadline state in words beside an icon,
// and only the overdue ones on demand.
func TestApplicationList(t *testing.T) {
	h := hubtest.New(t)
	cl := h.HTTPClient(app.RoleCounter)
	zone := app.LoadLocation("")
	at := func(s string) func() time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, zone)
		if err != nil {
			t.Fatal(err)
		}
		return func() time.Time { return tm }
	}
	accept := func(code string, when string, fields app.FormValues) string {
		t.Helper()
		h.Core.SetClock(at(when))
		a, err := cl.SubmitApplication(context.Background(), app.ApplicationRequest{
			ServiceID: app.ServiceID(code), Fields: fields,
			Applicant: app.Applicant{Name: "王五", IDNumber: goodID, Phone: "13912345678"}})
		if err != nil {
			t.Fatalf("submit %s: %v", code, err)
		}
		d, err := cl.Service(context.Background(), a.ServiceID)
		if err != nil {
			t.Fatal(err)
		}
		all := make([]int, len(d.Materials))
		for i := range all {
			all[i] = i
		}
		if _, err := cl.AcceptApplication(context.Background(), a.TrackingNo, app.AcceptRequest{Received: all, Window: 1}); err != nil {
			t.Fatalf("accept %s: %v", code, err)
		}
		return a.TrackingNo
	}
	passport := app.FormValues{"application_type": "first", "travel_purpose": "tourism", "delivery": "window"}
	late := accept("GA-011", "2026-09-01 10:00", passport)
	soon := accept("GA-010", "2026-11-26 09:00", app.FormValues{"purpose": "employment"})
	fine := accept("GA-011", "2026-11-26 09:30", passport)
	h.Core.SetClock(at("2026-11-26 10:00"))

	l := ui.NewApplicationList(newApp(t), cl, ui.NewLocalizer("zh-Hans"))
	w := test.NewWindow(l.Content())
	defer w.Close()
	l.Start(startCtx(t))
	uitest.WaitFor(t, "three applications", func() bool { return len(l.Rows()) == 3 })
	state := map[string]string{}
	for _, r := range l.Rows() {
		state[r[1]] = r[0]
		if strings.Contains(r[3], goodID) || !strings.Contains(r[3], "1101**********002X") || !strings.HasPrefix(r[3], "王*") {
			t.Errorf("applicant shown as %q", r[3])
		}
	}
	if !strings.HasPrefix(state[late], "已超期 ") || !strings.HasPrefix(state[soon], "临近到期（剩 ") || !strings.HasPrefix(state[fine], "按时（剩 ") {
		t.Errorf("deadline states: late %q, soon %q, fine %q", state[late], state[soon], state[fine])
	}
	if got := l.SummaryText(); got != "共 3 件，其中超期 1 件" {
		t.Errorf("summary %q", got)
	}

	tapMiddle(l.OverdueOnly())
	uitest.WaitFor(t, "overdue only", func() bool { return len(l.Rows()) == 1 })
	if r := l.Rows()[0]; r[1] != late {
		t.Errorf("overdue only shows %q", r)
	}
	tapMiddle(l.OverdueOnly())
	uitest.WaitFor(t, "all again", func() bool { return len(l.Rows()) == 3 })
}

// tapMiddle taps a check box in its middle, where a finger lands (a check box taller than
// its box ignores taps above it).
func tapMiddle(c *widget.Check) {
	sz := c.Size()
	test.TapAt(c, fyne.NewPos(sz.Height/2, sz.Height/2))
}

// acceptScreenshots renders the acceptance screen (a notice, then a receipt) and the
// application list (TestScreenshots).
func acceptScreenshots(t *testing.T, dir string) {
	h := hubtest.New(t)
	cl := h.HTTPClient(app.RoleCounter)
	zone := app.LoadLocation("")
	at := func(s string) func() time.Time {
		tm, _ := time.ParseInLocation("2006-01-02 15:04", s, zone)
		return func() time.Time { return tm }
	}
	submit := func(code, when string, fields app.FormValues, name string) app.Application {
		h.Core.SetClock(at(when))
		a, err := cl.SubmitApplication(context.Background(), app.ApplicationRequest{
			ServiceID: app.ServiceID(code), Fields: fields,
			Applicant: app.Applicant{Name: name, IDNumber: goodID, Phone: "13912345678"}})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	acceptAll := func(a app.Application) {
		d, err := cl.Service(context.Background(), a.ServiceID)
		if err != nil {
			t.Fatal(err)
		}
		all := make([]int, len(d.Materials))
		for i := range all {
			all[i] = i
		}
		if _, err := cl.AcceptApplication(context.Background(), a.TrackingNo, app.AcceptRequest{Received: all, Window: 1}); err != nil {
			t.Fatal(err)
		}
	}
	passport := app.FormValues{"application_type": "first", "travel_purpose": "tourism", "delivery": "window"}
	acceptAll(submit("GA-011", "2026-09-01 10:00", passport, "王五"))
	acceptAll(submit("GA-010", "2026-11-26 09:00", app.FormValues{"purpose": "employment"}, "赵六"))
	acceptAll(submit("GA-011", "2026-11-26 09:10", passport, "钱七"))
	mine := submit("GA-011", "2026-11-26 09:20", passport, "李四")
	submit("GA-010", "2026-11-26 09:25", app.FormValues{"purpose": "study"}, "孙八")
	h.Core.SetClock(at("2026-11-26 10:00"))

	p := &printed{}
	s, w := startAcceptance(t, h, p)
	w.Resize(fyne.NewSize(1024, 640))
	uitest.WaitFor(t, "waiting list", func() bool { return s.WaitingCount() == 2 })
	s.LookupEntry().SetText(mine.TrackingNo)
	s.Find()
	uitest.WaitFor(t, "opened", func() bool { c := s.Current(); return c != nil && c.TrackingNo == mine.TrackingNo })
	checks := s.Checks()
	for _, c := range checks[:len(checks)-1] {
		test.Tap(c)
	}
	uitest.WritePNG(t, w, dir, "counter-accept.png")
	test.Tap(s.AcceptButton())
	uitest.WaitFor(t, "notice", func() bool { return s.PrintState() == ui.PrintDone })
	uitest.WritePNG(t, w, dir, "counter-accept-notice.png")
	test.Tap(checks[len(checks)-1])
	test.Tap(s.AcceptButton())
	uitest.WaitFor(t, "receipt", func() bool { _, r := p.count(); return r == 1 && s.PrintState() == ui.PrintDone })
	uitest.WritePNG(t, w, dir, "counter-accept-receipt.png")

	l := ui.NewApplicationList(newApp(t), cl, ui.NewLocalizer("zh-Hans"))
	lw := test.NewWindow(l.Content())
	defer lw.Close()
	lw.Resize(fyne.NewSize(1024, 640))
	l.Start(startCtx(t))
	uitest.WaitFor(t, "the list", func() bool { return len(l.Rows()) == 5 })
	uitest.WritePNG(t, lw, dir, "counter-applications.png")
	tapMiddle(l.OverdueOnly())
	uitest.WaitFor(t, "overdue only", func() bool { return len(l.Rows()) == 1 })
	uitest.WritePNG(t, lw, dir, "counter-applications-overdue.png")
}
