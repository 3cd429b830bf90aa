package ui_test

import (
	"context"
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

// timers stands in for the pad's timers: the test fires the last one armed.
type timers struct {
	mu sync.Mutex
	d  time.Duration
	f  func()
}

func (ts *timers) after(d time.Duration, f func()) func() bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.d, ts.f = d, f
	return func() bool { return true }
}

func (ts *timers) fire(t *testing.T) time.Duration {
	t.Helper()
	ts.mu.Lock()
	f, d := ts.f, ts.d
	ts.mu.Unlock()
	if f == nil {
		t.Fatal("no timer armed")
	}
	f()
	return d
}

// finishAt issues a ticket, calls it to window w and finishes it.
func finishAt(t *testing.T, kiosk, counter *hub.Client, w int) app.Ticket {
	t.Helper()
	ctx := context.Background()
	svcs, err := kiosk.Services(ctx)
	if err != nil || len(svcs) == 0 {
		t.Fatalf("services: %v", err)
	}
	tk, err := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	called, err := counter.CallNext(ctx, w)
	if err != nil || called == nil || called.ID != tk.ID {
		t.Fatalf("call at %d: %v %v", w, called, err)
	}
	done, err := counter.FinishTicket(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	return done
}

type padRig struct {
	p       *ui.RatePad
	w       fyne.Window
	ts      *timers
	kiosk   *hub.Client
	counter *hub.Client
}

func startPad(t *testing.T, window int) padRig {
	t.Helper()
	return startPadWith(t, window, ui.RatePadOptions{})
}

// startPadWith starts a pad with opts; its timers are the rig's.
func startPadWith(t *testing.T, window int, opts ui.RatePadOptions) padRig {
	t.Helper()
	hall := hubtest.New(t)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(ui.NewTheme())
	ts := &timers{}
	kiosk := hall.HTTPClient(app.RoleKiosk)
	opts.After = ts.after
	p := ui.NewRatePad(a, kiosk, ui.NewLocalizer("zh-Hans"), window, opts)
	w := test.NewWindow(p.Content())
	w.Resize(fyne.NewSize(1024, 760))
	t.Cleanup(w.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	p.Start(ctx)
	// The pad hears the stream once its link status has been set after subscribing.
	uitest.WaitFor(t, "the pad's subscription", func() bool { return !strings.HasPrefix(p.LinkText(), "正在检查") })
	return padRig{p: p, w: w, ts: ts, kiosk: kiosk, counter: hall.HTTPClient(app.RoleCounter)}
}

func TestRatePadOffersAtItsWindowAndNeedsAReason(t *testing.T) {
	r := startPad(t, 1)
	ctx := context.Background()
	if r.p.Screen() != ui.PadIdle {
		t.Fatalf("a new pad shows %q", r.p.Screen())
	}
	other := finishAt(t, r.kiosk, r.counter, 2) // another window's finish is not ours
	mine := finishAt(t, r.kiosk, r.counter, 1)
	uitest.WaitFor(t, "the rating offered for window 1's ticket", func() bool {
		return r.p.Screen() == ui.PadRate && r.p.TicketNumber() == mine.Number
	})
	if r.p.TicketNumber() == other.Number {
		t.Fatal("the pad offered window 2's ticket")
	}

	// 非常不满意 overall: every aspect takes it, and a reason is asked.
	f := r.p.Form()
	test.Tap(f.LevelButton(app.AspectOverall, app.LevelVeryDissatisfied))
	test.Tap(f.LevelButton(app.AspectAttitude, app.LevelSatisfied))
	var scores app.RatingScores
	fyne.DoAndWait(func() { scores = f.Scores() })
	if scores != (app.RatingScores{Overall: 1, Efficiency: 1, Quality: 1, Attitude: 4}) {
		t.Fatalf("scores = %+v", scores)
	}
	test.Tap(submitOf(r.p))
	if got := r.p.MessageText(); got != "请按红字提示完成评价" {
		t.Errorf("message = %q", got)
	}
	if errs := r.p.FormErrors(); len(errs) != 1 || errs[0] != "请至少选择一项不满意的原因" {
		t.Errorf("errors = %q", errs)
	}
	// "Other" needs its text.
	test.Tap(f.ReasonButton(app.RatingReasonOther))
	test.Tap(submitOf(r.p))
	if errs := r.p.FormErrors(); len(errs) != 1 || !strings.Contains(errs[0], "其他") {
		t.Errorf("errors with other = %q", errs)
	}
	if list, err := r.counter.Ratings(ctx, app.RatingFilter{}); err != nil || len(list) != 0 {
		t.Fatalf("a refused rating reached the hub: %v %v", list, err)
	}
	test.Type(f.Text, "等了很久")
	test.Tap(f.ReasonButton(app.RatingReasonLongWait))
	test.Tap(submitOf(r.p))
	uitest.WaitFor(t, "the thanks", func() bool { return r.p.Screen() == ui.PadThanks })
	got := r.p.Rated()
	if !got.FollowUp || got.TicketID != mine.ID || got.Window != 1 || len(got.Reasons) != 2 || got.Text != "等了很久" {
		t.Errorf("stored %+v", got)
	}
	list, err := r.counter.Ratings(ctx, app.RatingFilter{FollowUp: true})
	if err != nil || len(list) != 1 {
		t.Fatalf("follow-up ratings: %v %v", list, err)
	}
	if d := r.ts.fire(t); d != ui.DefaultRateThanks {
		t.Errorf("thanks stay %v", d)
	}
	if r.p.Screen() != ui.PadIdle || r.p.TicketNumber() != "" {
		t.Fatalf("after the thanks: %q %q", r.p.Screen(), r.p.TicketNumber())
	}

	// One rating per ticket: offered again, it is refused in words.
	r.p.Offer(mine)
	test.Tap(f.LevelButton(app.AspectOverall, app.LevelVerySatisfied))
	test.Tap(submitOf(r.p))
	uitest.WaitFor(t, "the second rating refused", func() bool { return strings.Contains(r.p.MessageText(), "已经评价过") })
	if r.p.Screen() != ui.PadRate {
		t.Errorf("screen %q", r.p.Screen())
	}
	// Nobody touches it: back to idle, the choice forgotten.
	if d := r.ts.fire(t); d != ui.DefaultRateIdle {
		t.Errorf("idle after %v", d)
	}
	fyne.DoAndWait(func() { scores = f.Scores() })
	if r.p.Screen() != ui.PadIdle || scores != (app.RatingScores{}) {
		t.Errorf("after the idle time: %q %+v", r.p.Screen(), scores)
	}
}

func submitOf(p *ui.RatePad) fyne.Tappable { return p.SubmitButton() }

func TestRequestListAnswers(t *testing.T) {
	hall := hubtest.New(t)
	ctx := context.Background()
	kiosk, counter := hall.HTTPClient(app.RoleKiosk), hall.HTTPClient(app.RoleCounter)
	req, err := kiosk.SubmitRequest(ctx, app.RequestSubmission{Kind: app.RequestComplaint, Subject: "等候时间太长",
		Text: "排了两个小时", Contact: app.Contact{Name: "张三", Phone: "13812345678"}})
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(ui.NewTheme())
	l := ui.NewRequestList(a, counter, ui.NewLocalizer("zh-Hans"), 3)
	w := test.NewWindow(l.Content())
	t.Cleanup(w.Close)
	cctx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	l.Start(cctx)
	uitest.WaitFor(t, "the request listed", func() bool { return len(l.Rows()) == 1 })
	row := l.Rows()[0]
	if row[0] != req.TrackingNo || row[1] != "投诉" || row[2] != "已登记，待答复" || row[4] != "张* 138****5678" {
		t.Errorf("row = %q", row)
	}
	l.Choose(req.TrackingNo)
	uitest.WaitFor(t, "the request read", func() bool { return l.Chosen() != nil })
	l.Answer(false) // empty
	uitest.WaitFor(t, "the empty answer refused", func() bool { return l.MessageText() == "请先填写答复内容" })
	test.Type(l.AnswerEntry(), "已增开窗口，感谢监督")
	l.Answer(false)
	uitest.WaitFor(t, "the answer stored", func() bool {
		c := l.Chosen()
		return c != nil && c.Status == app.RequestAnswered
	})
	got, err := kiosk.Request(ctx, req.TrackingNo)
	if err != nil || got.Answer != "已增开窗口，感谢监督" || got.AnswerWindow != 3 {
		t.Fatalf("answer at the hub: %+v %v", got, err)
	}
	// The list shows received ones by default: the answered one leaves it.
	uitest.WaitFor(t, "the list without it", func() bool { return len(l.Rows()) == 0 })
}

// TestScreenshotsFeedback renders the rating pad and the staff request list.
func TestScreenshotsFeedback(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("set SCREENSHOTS_DIR to render screens")
	}
	r := startPad(t, 3)
	uitest.WritePNG(t, r.w, dir, "ratepad-idle.png")
	mine := finishAt(t, r.kiosk, r.counter, 3)
	uitest.WaitFor(t, "the rating offered", func() bool { return r.p.TicketNumber() == mine.Number })
	f := r.p.Form()
	test.Tap(f.LevelButton(app.AspectOverall, app.LevelSatisfied))
	test.Tap(f.LevelButton(app.AspectEfficiency, app.LevelVerySatisfied))
	uitest.WritePNG(t, r.w, dir, "ratepad-rate.png")
	test.Tap(f.LevelButton(app.AspectAttitude, app.LevelDissatisfied))
	test.Tap(submitOf(r.p))
	uitest.WritePNG(t, r.w, dir, "ratepad-reason.png")
	test.Tap(f.ReasonButton(app.RatingReasonAttitude))
	test.Tap(submitOf(r.p))
	uitest.WaitFor(t, "the thanks", func() bool { return r.p.Screen() == ui.PadThanks })
	uitest.WritePNG(t, r.w, dir, "ratepad-thanks.png")

	ctx := context.Background()
	for _, s := range []app.RequestSubmission{
		{Kind: app.RequestComplaint, Subject: "等候时间太长", Text: "上午排了两个小时，只开了一个窗口", Contact: app.Contact{Name: "张三", Phone: "13812345678"}},
		{Kind: app.RequestConsultation, Subject: "居住证办理需要哪些材料", Text: "外地户口在本市工作", Contact: app.Contact{Name: "李四", Phone: "13912345678"}},
		{Kind: app.RequestDisclosure, Subject: "2025年城市更新项目征收补偿方案", Contact: app.Contact{Name: "王五", Phone: "13712345678", Email: "wang@example.cn"},
			Disclosure: &app.Disclosure{Information: "2025年城市更新项目征收补偿方案", Purpose: "了解补偿标准", Delivery: app.DeliveryEmail}},
	} {
		if _, err := r.kiosk.SubmitRequest(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(ui.NewTheme())
	l := ui.NewRequestList(a, r.counter, ui.NewLocalizer("zh-Hans"), 1)
	w := test.NewWindow(l.Content())
	w.Resize(fyne.NewSize(1280, 640))
	t.Cleanup(w.Close)
	cctx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	l.Start(cctx)
	uitest.WaitFor(t, "three requests", func() bool { return len(l.Rows()) == 3 })
	l.Choose(l.Rows()[2][0])
	uitest.WaitFor(t, "the complaint read", func() bool { return l.Chosen() != nil })
	test.Type(l.AnswerEntry(), "已增开窗口，感谢您的监督。")
	uitest.WritePNG(t, w, dir, "counter-requests.png")
}
