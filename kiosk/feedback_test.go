package kiosk

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
	"servicehall/app/ui/uitest"
)

// slips records the kiosk's request and rating-thanks prints.
type slips struct {
	mu       sync.Mutex
	requests []app.Request
	thanks   []app.Rating
}

func (s *slips) request(_ context.Context, r app.Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	return nil
}

func (s *slips) rating(_ context.Context, r app.Rating) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.thanks = append(s.thanks, r)
	return nil
}

func (s *slips) counts() (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests), len(s.thanks)
}

type fbRig struct {
	flowRig
	slips   *slips
	kioskCl *hub.Client
	counter *hub.Client
}

// startFeedback starts a kiosk on a real hub with its print hooks recorded and the
// scanner bound to its window's canvas.
func startFeedback(t *testing.T) fbRig {
	t.Helper()
	hall := hubtest.New(t)
	d, s := &docs{}, &slips{}
	kcl := hall.HTTPClient(app.RoleKiosk)
	r := start(t, kcl, Options{HallCode: hall.HallCode(), PrintMaterials: d.printMaterials, PrintApplication: d.printSlip,
		PrintRequest: s.request, PrintRatingThanks: s.rating})
	r.waitTiles(t, len(services(t, hall.Client(app.RoleKiosk))))
	r.k.BindScanner(r.w.Canvas())
	return fbRig{flowRig: flowRig{rig: r, hall: hall, docs: d}, slips: s, kioskCl: kcl, counter: hall.HTTPClient(app.RoleCounter)}
}

// finished issues a ticket, calls it to window 1 and finishes it.
func (r fbRig) finished(t *testing.T) app.Ticket {
	t.Helper()
	ctx := context.Background()
	svcs := services(t, r.kioskCl)
	tk, err := r.kioskCl.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	if c, err := r.counter.CallNext(ctx, 1); err != nil || c == nil || c.ID != tk.ID {
		t.Fatalf("call: %v %v", c, err)
	}
	done, err := r.counter.FinishTicket(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	return done
}

// scan types s on the window's canvas as a barcode scanner does, then Enter.
func (r fbRig) scan(s string) {
	c := r.w.Canvas()
	for _, ch := range s {
		c.OnTypedRune()(ch)
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

func (r fbRig) rateMessage() string {
	var s string
	r.k.read(func() {
		if r.k.fb.rv.fmessage.Visible() {
			s = r.k.fb.rv.fmessage.Text
		}
	})
	return s
}

func (r fbRig) formErrors() []string {
	var out []string
	r.k.read(func() { out = r.k.fb.rv.form.ErrorTexts() })
	return out
}

func TestRatingAtKioskNeedsAReasonAndIsOnce(t *testing.T) {
	r := startFeedback(t)
	ctx := context.Background()
	tk := r.finished(t)
	qr := app.TicketQRPayload(r.hall.HallCode(), tk)

	test.Tap(r.k.fb.rateBtn)
	if r.k.Screen() != ScreenRate {
		t.Fatalf("the rating entry shows %q", r.k.Screen())
	}
	test.Type(r.k.fb.rv.entry, "A00") // a ticket's number alone is not enough
	r.k.fb.rv.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if r.k.Screen() != ScreenRate {
		t.Fatalf("a bare number opened %q", r.k.Screen())
	}
	r.k.fb.rv.entry.SetText("")
	test.Type(r.k.fb.rv.entry, qr) // what the scanner sends into the focused box
	r.k.fb.rv.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if r.k.Screen() != ScreenRateForm {
		t.Fatalf("the ticket's QR opened %q", r.k.Screen())
	}
	var head string
	r.k.read(func() { head = r.k.fb.rv.head.Text })
	if !strings.Contains(head, tk.Number) {
		t.Errorf("head = %q", head)
	}

	// Not everything scored: refused on the screen.
	f := r.k.fb.rv.form
	test.Tap(f.LevelButton(app.AspectOverall, app.LevelSatisfied))
	test.Tap(f.LevelButton(app.AspectAttitude, app.LevelDissatisfied))
	test.Tap(r.k.fb.rv.submit)
	if got := r.rateMessage(); got != "请按红字提示完成评价" {
		t.Errorf("message = %q", got)
	}
	if errs := r.formErrors(); len(errs) != 1 || errs[0] != "请至少选择一项不满意的原因" {
		t.Errorf("errors = %q", errs)
	}
	if list, _ := r.counter.Ratings(ctx, app.RatingFilter{}); len(list) != 0 {
		t.Fatalf("a refused rating was stored: %v", list)
	}
	test.Tap(f.ReasonButton(app.RatingReasonAttitude))
	test.Tap(r.k.fb.rv.submit)
	uitest.WaitFor(t, "the thanks", func() bool { return r.k.Screen() == ScreenRateThanks })
	uitest.WaitFor(t, "the thanks slip", func() bool { _, n := r.slips.counts(); return n == 1 })
	list, err := r.counter.Ratings(ctx, app.RatingFilter{FollowUp: true})
	if err != nil || len(list) != 1 || list[0].TicketID != tk.ID || list[0].Scores.Attitude != app.LevelDissatisfied ||
		strings.Join(list[0].Reasons, ",") != app.RatingReasonAttitude {
		t.Fatalf("stored: %+v %v", list, err)
	}
	var note string
	r.k.read(func() { note = r.k.fb.rv.thNote.Text })
	if !strings.Contains(note, "回访") {
		t.Errorf("a flagged rating's thanks say %q", note)
	}
	// The thanks screen ends the session by itself: elder mode switched on meanwhile is off.
	r.timer.mu.Lock()
	thanksDone := r.timer.f
	r.timer.mu.Unlock()
	test.Tap(r.k.sx.elderBtn)
	if !r.k.ElderMode() {
		t.Fatal("elder toggle did nothing")
	}
	thanksDone()
	if r.k.Screen() != ScreenHome || r.k.ElderMode() || r.k.Lang() != ui.LangHans {
		t.Fatalf("after the thanks: screen %s elder %v lang %s", r.k.Screen(), r.k.ElderMode(), r.k.Lang())
	}

	// A second rating of the same ticket, by scanning it on the home screen.
	r.scan(qr)
	if r.k.Screen() != ScreenRateForm {
		t.Fatalf("the scan opened %q", r.k.Screen())
	}
	test.Tap(f.LevelButton(app.AspectOverall, app.LevelVerySatisfied))
	test.Tap(r.k.fb.rv.submit)
	uitest.WaitFor(t, "the second refused", func() bool { return strings.Contains(r.rateMessage(), "已经评价过") })
	if list, _ := r.counter.Ratings(ctx, app.RatingFilter{}); len(list) != 1 {
		t.Errorf("%d ratings stored", len(list))
	}
}

// requestRow returns the request form's row at path.
func (r fbRig) requestRow(t *testing.T, path string) *reqRow {
	t.Helper()
	var x *reqRow
	r.k.read(func() { x = r.k.fb.qv.fv.row(path) })
	if x == nil {
		t.Fatalf("no row %s", path)
	}
	return x
}

func (r fbRig) requestError(t *testing.T, path string) string {
	x := r.requestRow(t, path)
	var s string
	r.k.read(func() {
		if x.err.Visible() {
			s = x.err.Text
		}
	})
	return s
}

// fillRequest types a text field on a keyboard, and the phone on the numeric keypad.
func (r fbRig) fillRequest(t *testing.T, path, value string) {
	t.Helper()
	x := r.requestRow(t, path)
	test.Tap(x.entry)
	if path == ReqPhone {
		test.Tap(r.k.fb.qv.fv.digits.clear)
		typePad(t, r.k.fb.qv.fv.digits, value)
		return
	}
	x.entry.SetText("")
	test.Type(x.entry, value)
}

func TestComplaintRoundTrip(t *testing.T) {
	r := startFeedback(t)
	test.Tap(r.k.fb.reqBtn)
	test.Tap(r.k.fb.qv.kindBtns[app.RequestComplaint])
	if r.k.Screen() != ScreenRequestForm {
		t.Fatalf("complaint shows %q", r.k.Screen())
	}
	r.fillRequest(t, ReqSubject, "等候时间太长")
	r.fillRequest(t, ReqText, "上午排了两个小时")
	r.fillRequest(t, ReqName, "张三")
	r.fillRequest(t, ReqPhone, "1381234")
	test.Tap(r.k.fb.qv.fv.submit)
	if got := r.requestError(t, ReqPhone); got != "手机号码：不是有效的手机号码" {
		t.Errorf("phone error = %q", got)
	}
	if got := r.requestError(t, ReqSubject); got != "" {
		t.Errorf("subject error = %q", got)
	}
	var kept string
	r.k.read(func() { kept = r.k.fb.qv.fv.row(ReqText).entry.Text })
	if kept != "上午排了两个小时" {
		t.Errorf("the text became %q", kept)
	}
	r.fillRequest(t, ReqPhone, "13812345678")
	test.Tap(r.k.fb.qv.fv.submit)
	uitest.WaitFor(t, "the request's number", func() bool { return r.k.Screen() == ScreenRequestDone })
	var no, contact string
	r.k.read(func() { no, contact = r.k.fb.qv.dv.number.Text, r.k.fb.qv.dv.contact.Text })
	if !app.ValidRequestTrackingNo(no) {
		t.Fatalf("number %q", no)
	}
	if contact != "联系人：张*  138****5678" {
		t.Errorf("contact line %q", contact)
	}
	uitest.WaitFor(t, "the request slip", func() bool { n, _ := r.slips.counts(); return n == 1 })
	test.Tap(r.k.fb.qv.dv.home)

	// Staff answer it in the counter's list.
	a := fyne.CurrentApp()
	staff := ui.NewRequestList(a, r.counter, ui.NewLocalizer("zh-Hans"), 2)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	staff.Start(ctx)
	uitest.WaitFor(t, "the complaint in the staff list", func() bool { rows := staff.Rows(); return len(rows) == 1 && rows[0][0] == no })
	staff.Choose(no)
	uitest.WaitFor(t, "the complaint read", func() bool { return staff.Chosen() != nil })
	if c := staff.Chosen(); c.Text != "上午排了两个小时" || c.Contact.Phone != "138****5678" {
		t.Errorf("staff read %+v", c)
	}
	test.Type(staff.AnswerEntry(), "已增开窗口")
	staff.Answer(false)
	uitest.WaitFor(t, "answered", func() bool { c := staff.Chosen(); return c != nil && c.Status == app.RequestAnswered })

	// The citizen reads the answer by number at the kiosk.
	test.Tap(r.k.fb.reqBtn)
	test.Tap(r.k.fb.qv.statusBtn)
	if r.k.Screen() != ScreenRequestStatus {
		t.Fatalf("status entry shows %q", r.k.Screen())
	}
	typePad(t, r.k.fb.qv.sv.pad, strings.ToLower(no))
	test.Tap(r.k.fb.qv.sv.find)
	uitest.WaitFor(t, "the answer", func() bool {
		var s string
		r.k.read(func() { s = r.k.fb.qv.sv.answer.Text })
		return strings.Contains(s, "已增开窗口")
	})
	var state string
	r.k.read(func() { state = r.k.fb.qv.sv.state.Text })
	if state != "办理状态：已答复" {
		t.Errorf("state %q", state)
	}
}

// addNotices puts notices into the hub's cache as a pull from central does.
func addNotices(t *testing.T, h *hubtest.Hall, ns ...app.Notice) {
	t.Helper()
	var changes []app.PulledChange
	for i, n := range ns {
		p, _ := json.Marshal(n)
		changes = append(changes, app.PulledChange{Seq: int64(i + 1), Kind: "notice", ID: n.ID, Version: 1, Payload: p})
	}
	if err := h.DB.ApplyPull(context.Background(), changes, int64(len(ns))); err != nil {
		t.Fatal(err)
	}
}

var someNotices = []app.Notice{
	{ID: "n1", Title: "关于调整春节期间办公时间的公告", Body: "春节期间（2月15日至2月23日）大厅暂停窗口服务，自助机照常使用。", Department: "市政务服务中心"},
	{ID: "n2", Title: "2026年第一批政务服务事项目录调整", Body: "新增“出生一件事”联办事项，取消3项证明材料。", Department: "市政务服务管理局"},
	{ID: "n3", Title: "关于居住证办理材料简化的通知", Body: "办理居住证不再需要提交社区证明。", Department: "市公安局"},
}

func init() {
	for i := range someNotices {
		someNotices[i].PublishedAt = time.Date(2026, 1, 5+i, 2, 0, 0, 0, time.UTC)
	}
}

func (r fbRig) noticeTitles() []string {
	var out []string
	r.k.read(func() {
		for _, n := range r.k.fb.nv.notices {
			out = append(out, n.Title)
		}
	})
	return out
}

func TestNoticesBrowseAndSearch(t *testing.T) {
	r := startFeedback(t)
	addNotices(t, r.hall, someNotices...)
	test.Tap(r.k.fb.infoBtn)
	uitest.WaitFor(t, "every notice, newest first", func() bool {
		n := r.noticeTitles()
		return len(n) == 3 && n[0] == someNotices[2].Title
	})
	test.Type(r.k.fb.nv.entry, "办公 春节")
	uitest.WaitFor(t, "the search", func() bool {
		n := r.noticeTitles()
		return len(n) == 1 && n[0] == someNotices[0].Title
	})
	var b fyne.Tappable
	r.k.read(func() { b = r.k.fb.nv.items[0] })
	test.Tap(b)
	if r.k.Screen() != ScreenNotice {
		t.Fatalf("a notice's tap shows %q", r.k.Screen())
	}
	var body string
	r.k.read(func() { body = r.k.fb.nv.oneBody.Text })
	if body != someNotices[0].Body {
		t.Errorf("body %q", body)
	}
	test.Tap(r.k.fb.nv.oneBack)
	r.k.fb.nv.entry.SetText("")
	test.Type(r.k.fb.nv.entry, "没有这个词")
	uitest.WaitFor(t, "nothing found", func() bool {
		var s string
		r.k.read(func() { s = r.k.fb.nv.message.Text })
		return s == "没有找到相关公告，请换个关键词"
	})
	// The end of the session clears the search.
	r.k.GoHome()
	var q string
	r.k.read(func() { q = r.k.fb.nv.entry.Text })
	if r.k.Screen() != ScreenHome || q != "" {
		t.Errorf("after the session: %q, box %q", r.k.Screen(), q)
	}
}

func TestScanOnHomeJumps(t *testing.T) {
	r := startFeedback(t)
	no := r.preApply(t)
	test.Tap(r.k.flow.dv.home)

	// An application's tracking number goes to its progress.
	r.scan(strings.ToLower(no))
	if r.k.Screen() != ScreenProgress {
		t.Fatalf("the scan of %s opened %q", no, r.k.Screen())
	}
	uitest.WaitFor(t, "the progress", func() bool {
		var ok bool
		r.k.read(func() { ok = r.k.flow.pv.a != nil && r.k.flow.pv.a.TrackingNo == no })
		return ok
	})
	test.Tap(r.k.flow.pv.back)

	// A request's number goes to its status.
	req, err := r.kioskCl.SubmitRequest(context.Background(), app.RequestSubmission{Kind: app.RequestHelp,
		Subject: "轮椅", Text: "需要轮椅", Contact: app.Contact{Name: "李四", Phone: "13912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	r.scan(req.TrackingNo)
	if r.k.Screen() != ScreenRequestStatus {
		t.Fatalf("the scan of %s opened %q", req.TrackingNo, r.k.Screen())
	}
	uitest.WaitFor(t, "the request", func() bool {
		var ok bool
		r.k.read(func() { ok = r.k.fb.qv.sv.r != nil && r.k.fb.qv.sv.r.TrackingNo == req.TrackingNo })
		return ok
	})
	test.Tap(r.k.fb.qv.sv.back)

	// Garbage does nothing; a half scan does not leak into the next.
	r.scan("hello")
	if r.k.Screen() != ScreenHome {
		t.Fatalf("garbage opened %q", r.k.Screen())
	}
	// A ticket's QR goes to its rating.
	tk := r.finished(t)
	r.scan(app.TicketQRPayload(r.hall.HallCode(), tk))
	if r.k.Screen() != ScreenRateForm {
		t.Fatalf("the ticket's QR opened %q", r.k.Screen())
	}
}

func TestParseScan(t *testing.T) {
	for _, c := range []struct{ in, kind, ref, label string }{
		{"SHT:TC01:A012:0190-abc", ScanTicket, "SHT:TC01:A012:0190-abc", "A012"},
		{"sht:TC01:A012:0190-abc\n", ScanTicket, "SHT:TC01:A012:0190-abc", "A012"},
		{"SHT:TC01:A012", ScanNone, "", ""},
		{"tc01-r-20261126-0007", ScanRequest, "TC01-R-20261126-0007", "TC01-R-20261126-0007"},
		{" TC01-20261126-0042 ", ScanApplication, "TC01-20261126-0042", "TC01-20261126-0042"},
		{"A012", ScanNone, "", ""},
		{"", ScanNone, "", ""},
	} {
		k, ref, label := ParseScan(c.in)
		if k != c.kind || ref != c.ref || label != c.label {
			t.Errorf("ParseScan(%q) = %q %q %q, want %q %q %q", c.in, k, ref, label, c.kind, c.ref, c.label)
		}
	}
}

// TestScreenshotsFeedback renders the rating, request and notice screens.
func TestScreenshotsFeedback(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("set SCREENSHOTS_DIR to render screens")
	}
	r := startFeedback(t)
	r.w.Resize(fyne.NewSize(900, 1200))
	uitest.WaitFor(t, "the hall's name", func() bool { return r.k.HallText() == "测试便民服务中心" })
	uitest.WritePNG(t, r.w, dir, "kiosk-home-feedback.png")
	tk := r.finished(t)
	r.scan(app.TicketQRPayload(r.hall.HallCode(), tk))
	f := r.k.fb.rv.form
	test.Tap(f.LevelButton(app.AspectOverall, app.LevelSatisfied))
	uitest.WritePNG(t, r.w, dir, "kiosk-rate.png")
	test.Tap(f.LevelButton(app.AspectEfficiency, app.LevelVeryDissatisfied))
	test.Tap(r.k.fb.rv.submit)
	uitest.WritePNG(t, r.w, dir, "kiosk-rate-reason.png")
	test.Tap(f.ReasonButton(app.RatingReasonLongWait))
	test.Tap(r.k.fb.rv.submit)
	uitest.WaitFor(t, "the thanks", func() bool { return r.k.Screen() == ScreenRateThanks })
	uitest.WritePNG(t, r.w, dir, "kiosk-rate-thanks.png")
	test.Tap(r.k.fb.rv.home)

	test.Tap(r.k.fb.reqBtn)
	uitest.WritePNG(t, r.w, dir, "kiosk-request-kinds.png")
	test.Tap(r.k.fb.qv.kindBtns[app.RequestDisclosure])
	r.fillRequest(t, ReqInformation, "2025年城市更新项目征收补偿方案")
	x := r.requestRow(t, ReqDelivery)
	test.Tap(x.options[2]) // e-mail
	r.fillRequest(t, ReqName, "王五")
	r.fillRequest(t, ReqPhone, "1371234567")
	test.Tap(r.requestRow(t, ReqEmail).entry)
	test.Type(r.requestRow(t, ReqEmail).entry, "wang@")
	test.Tap(r.k.fb.qv.fv.submit)
	uitest.WritePNG(t, r.w, dir, "kiosk-request-form.png")
	r.fillRequest(t, ReqPhone, "13712345678")
	r.requestRow(t, ReqEmail).entry.SetText("wang@example.cn")
	test.Tap(r.k.fb.qv.fv.submit)
	uitest.WaitFor(t, "the number", func() bool { return r.k.Screen() == ScreenRequestDone })
	uitest.WaitFor(t, "the slip", func() bool { n, _ := r.slips.counts(); return n == 1 })
	uitest.WritePNG(t, r.w, dir, "kiosk-request-done.png")
	var no string
	r.k.read(func() { no = r.k.fb.qv.dv.number.Text })
	test.Tap(r.k.fb.qv.dv.home)
	if _, err := r.counter.AnswerRequest(context.Background(), no, app.RequestAnswer{Answer: "已通过电子邮件发送，请查收。", Window: 2}); err != nil {
		t.Fatal(err)
	}
	r.scan(no)
	uitest.WaitFor(t, "the answer", func() bool {
		var ok bool
		r.k.read(func() { ok = r.k.fb.qv.sv.r != nil })
		return ok
	})
	uitest.WritePNG(t, r.w, dir, "kiosk-request-status.png")
	test.Tap(r.k.fb.qv.sv.back)

	var many []app.Notice
	for i := range 8 {
		n := someNotices[i%3]
		n.ID = fmt.Sprint("m", i)
		n.PublishedAt = n.PublishedAt.Add(time.Duration(i) * time.Hour)
		many = append(many, n)
	}
	addNotices(t, r.hall, many...)
	test.Tap(r.k.fb.infoBtn)
	uitest.WaitFor(t, "the notices", func() bool { return len(r.noticeTitles()) == 8 })
	uitest.WritePNG(t, r.w, dir, "kiosk-notices.png")
	test.Tap(r.k.langBtns[ui.LangEN])
	uitest.WritePNG(t, r.w, dir, "kiosk-notices-en.png")
}
