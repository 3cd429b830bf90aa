package kiosk

import (
	"context"
	"os"
	"strconv"
	"strings"
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

// tileWait returns the waiting line of the first tile of service id.
func (r rig) tileWait(id string) string {
	var s string
	r.k.read(func() {
		for _, t := range r.k.tiles {
			if t.svc.ID == id && t.wait != nil {
				s = t.wait.Text
				return
			}
		}
	})
	return s
}

// queueOf returns the hub's status of queue code.
func queueOf(t *testing.T, qs app.QueueService, code string) app.QueueStatus {
	t.Helper()
	list, err := qs.QueueStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if s.Queue == code {
			return s
		}
	}
	t.Fatalf("no queue %s", code)
	return app.QueueStatus{}
}

func TestTilesShowWaitingAndEstimate(t *testing.T) {
	hall := hubtest.New(t)
	other := hall.HTTPClient(app.RoleKiosk)
	list := services(t, other)
	s0 := list[0]
	var idle app.Service // a service of another queue, where nobody waits
	for _, s := range list {
		if s.Queue != s0.Queue {
			idle = s
			break
		}
	}
	for range 3 {
		if _, err := other.IssueTicket(context.Background(), app.IssueRequest{ServiceID: s0.ID}); err != nil {
			t.Fatal(err)
		}
	}
	r := start(t, hall.Client(app.RoleKiosk), Options{HallCode: hall.HallCode()})
	r.waitTiles(t, len(list))
	want := func(n int) string {
		st := queueOf(t, other, s0.Queue)
		if st.Waiting != n {
			t.Fatalf("hub says %d waiting in %s, want %d", st.Waiting, s0.Queue, n)
		}
		return "前面 " + strconv.Itoa(n) + " 人，约 " + strconv.Itoa(st.EstimatedMinutes) + " 分钟"
	}
	w3 := want(3)
	uitest.WaitFor(t, "the estimate on the tile: "+w3, func() bool { return r.tileWait(s0.ID) == w3 })
	if got := r.tileWait(idle.ID); got != "无需等候" {
		t.Errorf("empty queue's tile says %q", got)
	}

	// Another kiosk issues a number: the live event refreshes the estimate.
	if _, err := other.IssueTicket(context.Background(), app.IssueRequest{ServiceID: s0.ID}); err != nil {
		t.Fatal(err)
	}
	w4 := want(4)
	uitest.WaitFor(t, "the estimate after an issue: "+w4, func() bool { return r.tileWait(s0.ID) == w4 })

	// A window calls one: the estimate follows.
	if _, err := hall.Client(app.RoleCounter).CallNext(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	w3 = want(3)
	uitest.WaitFor(t, "the estimate after a call: "+w3, func() bool { return r.tileWait(s0.ID) == w3 })

	test.Tap(r.k.langBtns[ui.LangEN])
	if got := r.tileWait(idle.ID); got != "No wait" {
		t.Errorf("English empty queue's tile says %q", got)
	}

	// The ticket screen and its slip line carry the ticket's own estimate.
	test.Tap(r.k.langBtns[ui.LangHans])
	var i int
	r.k.read(func() {
		for j, tl := range r.k.tiles {
			if tl.svc.ID == s0.ID {
				i = j
				break
			}
		}
	})
	r.tap(i)
	uitest.WaitFor(t, "the ticket", func() bool { return r.k.Screen() == ScreenTicket })
	var tk app.Ticket
	r.k.read(func() { tk = r.k.ticket })
	if tk.WaitingAhead != 3 || tk.EstimatedWaitMin <= 0 {
		t.Fatalf("ticket ahead %d, estimate %d", tk.WaitingAhead, tk.EstimatedWaitMin)
	}
	if got, want := r.k.AheadText(), "前面还有 3 人，预计等候 "+strconv.Itoa(tk.EstimatedWaitMin)+" 分钟"; got != want {
		t.Errorf("ahead = %q, want %q", got, want)
	}
}

// tileIndex returns the index of the first tile of service id.
func (r rig) tileIndex(id string) int {
	i := -1
	r.k.read(func() {
		for j, tl := range r.k.tiles {
			if tl.svc.ID == id && i < 0 {
				i = j
			}
		}
	})
	return i
}

func TestDailyCapAndIssuingHours(t *testing.T) {
	hall := hubtest.New(t)
	admin := hall.HTTPClient(app.RoleAdmin)
	other := hall.HTTPClient(app.RoleKiosk)
	list := services(t, other)
	s0 := list[0]
	rules, err := admin.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rules.Queues = []app.QueueRules{{Queue: s0.Queue, DailyCap: 1}}
	if _, err := admin.SetRules(context.Background(), rules); err != nil {
		t.Fatal(err)
	}
	first, err := other.IssueTicket(context.Background(), app.IssueRequest{ServiceID: s0.ID})
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, hall.Client(app.RoleKiosk), Options{HallCode: hall.HallCode()})
	r.waitTiles(t, len(list))
	uitest.WaitFor(t, "the tile says it does not issue", func() bool { return r.tileWait(s0.ID) == "暂停取号" })

	r.tap(r.tileIndex(s0.ID))
	uitest.WaitFor(t, "the cap's message", func() bool { return r.k.MessageText() == "今日号源已发完，请明日再来" })
	if r.k.Screen() != ScreenHome || r.k.TicketNumber() != "" {
		t.Fatalf("a ticket shows: %s %q", r.k.Screen(), r.k.TicketNumber())
	}
	if st := queueOf(t, other, s0.Queue); st.Waiting != 1 {
		t.Fatalf("%d waiting, want only %s", st.Waiting, first.Number)
	}
	test.Tap(r.k.langBtns[ui.LangEN])
	if got := r.k.MessageText(); got != "Today's numbers are all given out. Please come back tomorrow" {
		t.Errorf("English cap message %q", got)
	}
	test.Tap(r.k.langBtns[ui.LangHans])

	// Outside the queue's hours (an hour that is not now, in the hall's zone).
	now := time.Now().In(app.LoadLocation(app.DefaultTimeZone))
	rules.Queues = []app.QueueRules{{Queue: s0.Queue, Opens: "13:00", Closes: "14:00"}}
	if now.Hour() >= 12 && now.Hour() < 15 {
		rules.Queues[0].Opens, rules.Queues[0].Closes = "01:00", "02:00"
	}
	if _, err := admin.SetRules(context.Background(), rules); err != nil {
		t.Fatal(err)
	}
	r.tap(r.tileIndex(s0.ID))
	uitest.WaitFor(t, "the hours' message", func() bool { return r.k.MessageText() == "该事项当前不在取号时间内" })
	if r.k.Screen() != ScreenHome {
		t.Fatal("left home without a ticket")
	}
	if st := queueOf(t, other, s0.Queue); st.Waiting != 1 {
		t.Fatalf("%d waiting after a refused tap", st.Waiting)
	}
}

// checkInRig opens the check-in screen of a kiosk on a fresh hub and returns it with an
// admin client that creates bookings.
func checkInRig(t *testing.T) (rig, *hubtest.Hall, *hub.Client) {
	t.Helper()
	hall := hubtest.New(t)
	r := start(t, hall.Client(app.RoleKiosk), Options{HallCode: hall.HallCode()})
	r.waitTiles(t, len(services(t, hall.Client(app.RoleKiosk))))
	test.Tap(r.k.qb.checkinBtn)
	if r.k.Screen() != ScreenCheckIn {
		t.Fatalf("screen %s after the check-in entry", r.k.Screen())
	}
	return r, hall, hall.HTTPClient(app.RoleAdmin)
}

func (r rig) checkInMessage() string {
	var s string
	r.k.read(func() {
		if r.k.qb.cv.message.Visible() {
			s = r.k.qb.cv.message.Text
		}
	})
	return s
}

func book(t *testing.T, admin *hub.Client, req app.BookingRequest) app.Booking {
	t.Helper()
	b, err := admin.AddBooking(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCheckInByCode(t *testing.T) {
	r, hall, admin := checkInRig(t)
	list := services(t, hall.Client(app.RoleKiosk))
	now := time.Now()
	book(t, admin, app.BookingRequest{ServiceID: list[0].ID, BookedAt: now.Add(3 * time.Hour), Code: "EARLY1"})
	book(t, admin, app.BookingRequest{ServiceID: list[0].ID, BookedAt: now.Add(-2 * time.Hour), Code: "LATE1"})
	book(t, admin, app.BookingRequest{ServiceID: list[1].ID, BookedAt: now.Add(10 * time.Minute), Code: "ONTIME1"})

	// Nothing typed: told so, nothing asked.
	test.Tap(r.k.qb.cv.submit)
	if got := r.checkInMessage(); got != "请先输入预约码或身份证号码" {
		t.Errorf("empty check-in: %q", got)
	}
	typePad(t, r.k.qb.cv.letters, "EARLY1")
	test.Tap(r.k.qb.cv.submit)
	uitest.WaitFor(t, "too early", func() bool {
		return r.checkInMessage() == "还未到签到时间：请在预约时间前 30 分钟内签到"
	})
	if r.k.Screen() != ScreenCheckIn {
		t.Fatal("left the check-in screen")
	}
	var typed string
	r.k.read(func() { typed = r.k.qb.cv.entry.Text })
	if typed != "EARLY1" {
		t.Errorf("the code typed is gone: %q", typed)
	}

	test.Tap(r.k.qb.cv.letters.clear)
	typePad(t, r.k.qb.cv.letters, "LATE1")
	test.Tap(r.k.qb.cv.submit)
	uitest.WaitFor(t, "too late", func() bool {
		return strings.HasPrefix(r.checkInMessage(), "已过签到时间（预约时间后 15 分钟内有效）")
	})

	test.Tap(r.k.qb.cv.letters.clear)
	typePad(t, r.k.qb.cv.letters, "NOSUCH")
	test.Tap(r.k.qb.cv.submit)
	uitest.WaitFor(t, "no booking", func() bool { return r.checkInMessage() == "今天没有找到您的预约，请核对后重试" })

	test.Tap(r.k.qb.cv.letters.clear)
	typePad(t, r.k.qb.cv.letters, "ONTIME1")
	test.Tap(r.k.qb.cv.submit)
	uitest.WaitFor(t, "the booking's ticket", func() bool { return r.k.Screen() == ScreenTicket })
	num := r.k.TicketNumber()
	if !ticketNumber.MatchString(num) || r.k.ServiceText() != list[1].Name {
		t.Fatalf("ticket %q for %q", num, r.k.ServiceText())
	}
	r.k.read(func() { typed = r.k.qb.cv.entry.Text })
	if typed != "" {
		t.Errorf("the code stays in the box: %q", typed)
	}
	called, err := hall.Client(app.RoleCounter).CallNext(context.Background(), 1)
	if err != nil || called == nil || called.Number != num || called.BookingID == "" {
		t.Fatalf("CallNext = %+v, %v; want the booking's %s", called, err, num)
	}
}

func TestCheckInByIDNumber(t *testing.T) {
	r, hall, admin := checkInRig(t)
	list := services(t, hall.Client(app.RoleKiosk))
	book(t, admin, app.BookingRequest{ServiceID: list[2].ID, BookedAt: time.Now().Add(5 * time.Minute), IDNumber: goodID})

	test.Tap(r.k.qb.cv.byID)
	var digitsShown, lettersShown bool
	r.k.read(func() { digitsShown, lettersShown = r.k.qb.cv.digits.obj.Visible(), r.k.qb.cv.letters.obj.Visible() })
	if !digitsShown || lettersShown {
		t.Fatalf("ID mode: digits %v, letters %v", digitsShown, lettersShown)
	}
	typePad(t, r.k.qb.cv.digits, badID)
	test.Tap(r.k.qb.cv.submit)
	if got := r.checkInMessage(); got != "身份证号码有误，请核对" {
		t.Errorf("bad ID: %q", got)
	}
	test.Tap(r.k.qb.cv.digits.clear)
	typePad(t, r.k.qb.cv.digits, goodID)
	test.Tap(r.k.qb.cv.submit)
	uitest.WaitFor(t, "the booking's ticket", func() bool { return r.k.Screen() == ScreenTicket })
	if r.k.ServiceText() != list[2].Name {
		t.Errorf("service %q", r.k.ServiceText())
	}

	// Leaving clears the box.
	r.k.GoHome()
	var typed, mode string
	r.k.read(func() { typed, mode = r.k.qb.cv.entry.Text, r.k.qb.cv.mode })
	if typed != "" || mode != CheckInByCode {
		t.Errorf("after going home: %q in %s mode", typed, mode)
	}
}

func TestPrintFailureToldToHub(t *testing.T) {
	hall := hubtest.New(t)
	p := &printer{failures: 1}
	r := start(t, hall.Client(app.RoleKiosk), Options{HallCode: hall.HallCode(), Print: p.Print})
	r.waitTiles(t, len(services(t, hall.Client(app.RoleKiosk))))
	events, err := hall.Client(app.RoleBoard).Subscribe(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	r.tap(0)
	uitest.WaitFor(t, "print failure", func() bool { return r.k.PrintState() == PrintFailed })
	id := r.k.TicketID()
	uitest.WaitFor(t, "the hub recorded it", func() bool {
		n, err := hall.DB.PrintFailures(context.Background())
		return err == nil && n == 1
	})
	uitest.WaitFor(t, "the screen says staff know", func() bool {
		var s string
		r.k.read(func() { s = r.k.qb.ticketNote.Text })
		return s == "已通知工作人员打印故障"
	})
	deadline := time.After(uitest.WaitTimeout)
	for seen := false; !seen; {
		select {
		case ev := <-events:
			seen = ev.Type == app.EventPrintFailed && ev.Ticket != nil && ev.Ticket.ID == id
		case <-deadline:
			t.Fatal("no print-failed event for the ticket")
		}
	}
	if !r.k.CanReprint() {
		t.Fatal("no reprint offered")
	}
	test.Tap(r.k.reprint)
	uitest.WaitFor(t, "reprinted", func() bool { return r.k.PrintState() == PrintDone })
	var note bool
	r.k.read(func() { note = r.k.qb.ticketNote.Visible() })
	if note {
		t.Error("the failure note stays after a good reprint")
	}
}

func TestGreenChannelChosenAtKiosk(t *testing.T) {
	hall := hubtest.New(t)
	other := hall.HTTPClient(app.RoleKiosk)
	list := services(t, other)
	var earlier []string
	for range 2 {
		tk, err := other.IssueTicket(context.Background(), app.IssueRequest{ServiceID: list[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		earlier = append(earlier, tk.Number)
	}
	r := start(t, hall.Client(app.RoleKiosk), Options{HallCode: hall.HallCode()})
	r.waitTiles(t, len(list))

	test.Tap(r.k.qb.greenBtn)
	var green bool
	var note string
	r.k.read(func() { green, note = r.k.qb.green, r.k.qb.note.Text })
	if !green || note != "已选绿色通道：请点选事项取号，并向窗口出示相关证件" {
		t.Fatalf("green chosen: %v %q", green, note)
	}
	r.tap(0)
	uitest.WaitFor(t, "the ticket", func() bool { return r.k.Screen() == ScreenTicket })
	var tk app.Ticket
	var ticketNote string
	r.k.read(func() { tk, ticketNote = r.k.ticket, r.k.qb.ticketNote.Text })
	if tk.Priority != app.PriorityGreen || tk.WaitingAhead != 0 {
		t.Fatalf("ticket priority %s, %d ahead", tk.Priority, tk.WaitingAhead)
	}
	if ticketNote != "绿色通道号：请向窗口出示相关证件" {
		t.Errorf("ticket note %q", ticketNote)
	}
	called, err := hall.Client(app.RoleCounter).CallNext(context.Background(), 1)
	if err != nil || called == nil || called.ID != tk.ID {
		t.Fatalf("first call = %+v, %v; want the green %s before %v", called, err, tk.Number, earlier)
	}

	// The next visitor starts with a normal number.
	test.Tap(r.k.homeBtn)
	r.k.read(func() { green = r.k.qb.green })
	if green {
		t.Fatal("the green choice stayed for the next visitor")
	}
	r.tap(0)
	uitest.WaitFor(t, "a second ticket", func() bool { return r.k.Screen() == ScreenTicket })
	r.k.read(func() { tk = r.k.ticket })
	if tk.Priority != app.PriorityNormal {
		t.Errorf("next visitor's ticket is %s", tk.Priority)
	}
}

// TestScreenshotsQueueKiosk renders the home screen with estimates and the green channel
// chosen, the cap's message, and the check-in screen with a too-early message.
func TestScreenshotsQueueKiosk(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("set SCREENSHOTS_DIR to render screens")
	}
	hall := hubtest.New(t)
	other := hall.HTTPClient(app.RoleKiosk)
	admin := hall.HTTPClient(app.RoleAdmin)
	list := services(t, other)
	for i := range 9 {
		if _, err := other.IssueTicket(context.Background(), app.IssueRequest{ServiceID: list[(i*5)%12].ID}); err != nil {
			t.Fatal(err)
		}
	}
	rules, err := admin.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	capped := list[len(list)-1]
	rules.Queues = []app.QueueRules{{Queue: capped.Queue, DailyCap: 1}}
	if _, err := admin.SetRules(context.Background(), rules); err != nil {
		t.Fatal(err)
	}
	if _, err := other.IssueTicket(context.Background(), app.IssueRequest{ServiceID: capped.ID}); err != nil {
		t.Fatal(err)
	}
	book(t, admin, app.BookingRequest{ServiceID: list[0].ID, BookedAt: time.Now().Add(3 * time.Hour), Code: "B20261126"})

	r := start(t, hall.Client(app.RoleKiosk), Options{HallCode: hall.HallCode(), Print: (&printer{}).Print})
	r.w.Resize(fyne.NewSize(900, 1200))
	r.waitTiles(t, len(list))
	uitest.WaitFor(t, "the hall's name", func() bool { return r.k.HallText() == "测试便民服务中心" })
	uitest.WaitFor(t, "estimates", func() bool { return strings.HasPrefix(r.tileWait(list[0].ID), "前面 ") })
	test.Tap(r.k.qb.greenBtn)
	uitest.WritePNG(t, r.w, dir, "kiosk-home-estimates-green.png")
	test.Tap(r.k.qb.normalBtn)

	r.tap(r.tileIndex(capped.ID))
	uitest.WaitFor(t, "the cap's message", func() bool { return r.k.MessageText() == "今日号源已发完，请明日再来" })
	uitest.WritePNG(t, r.w, dir, "kiosk-daily-cap.png")

	test.Tap(r.k.qb.checkinBtn)
	typePad(t, r.k.qb.cv.letters, "B20261126")
	test.Tap(r.k.qb.cv.submit)
	uitest.WaitFor(t, "too early", func() bool { return strings.HasPrefix(r.checkInMessage(), "还未到签到时间") })
	uitest.WritePNG(t, r.w, dir, "kiosk-checkin.png")
	test.Tap(r.k.qb.cv.byID)
	typePad(t, r.k.qb.cv.digits, "110105")
	uitest.WritePNG(t, r.w, dir, "kiosk-checkin-id.png")
	r.k.GoHome()

	test.Tap(r.k.qb.greenBtn)
	r.tap(0)
	uitest.WaitFor(t, "printed green ticket", func() bool { return r.k.PrintState() == PrintDone })
	uitest.WritePNG(t, r.w, dir, "kiosk-ticket-green.png")
}
