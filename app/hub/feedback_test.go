package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/hub/hubtest"
	"servicehall/app/sqlite"
)

// finishedTicket issues a ticket at the kiosk, calls it to window 1 and finishes it.
func finishedTicket(t *testing.T, h *hubtest.Hall) app.Ticket {
	t.Helper()
	ctx := context.Background()
	kiosk, counter := h.HTTPClient(app.RoleKiosk), h.HTTPClient(app.RoleCounter)
	svcs, err := kiosk.Services(ctx)
	if err != nil || len(svcs) == 0 {
		t.Fatalf("services: %v", err)
	}
	tk, err := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	called, err := counter.CallNext(ctx, 1)
	if err != nil || called == nil || called.ID != tk.ID {
		t.Fatalf("call: %v %v", called, err)
	}
	done, err := counter.FinishTicket(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	return done
}

func appErr(t *testing.T, err error, code string) *app.Error {
	t.Helper()
	var ae *app.Error
	if !errors.As(err, &ae) || ae.Code != code {
		t.Fatalf("want %s, got %v", code, err)
	}
	return ae
}

// waitEvent reads ch until an event of type kind arrives, or fails after 5 s.
func waitEvent(t *testing.T, ch <-chan app.Event, kind string) app.Event {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatalf("event stream closed before %s", kind)
			}
			if e.Type == kind {
				return e
			}
		case <-deadline:
			t.Fatalf("no %s event within 5 s", kind)
		}
	}
}

var allSatisfied = app.RatingScores{Overall: 5, Efficiency: 5, Quality: 4, Attitude: 5}

func TestRatingOverHTTP(t *testing.T) {
	ctx := context.Background()
	h := hubtest.New(t)
	kiosk, counter := h.HTTPClient(app.RoleKiosk), h.HTTPClient(app.RoleCounter)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events, err := counter.Subscribe(sctx)
	if err != nil {
		t.Fatal(err)
	}
	tk := finishedTicket(t, h)

	// 不满意 on one aspect without a reason: refused, the field named, nothing stored.
	bad := app.RatingSubmission{Scores: app.RatingScores{Overall: 3, Efficiency: 2, Quality: 3, Attitude: 3}}
	ae := appErr(t, func() error { _, err := kiosk.RateTicket(ctx, tk.ID, bad); return err }(), app.EINVALID)
	if ae.Field != "reasons" || len(ae.Fields) != 1 || ae.Fields[0].Reason != app.ReasonRatingReason {
		t.Fatalf("refusal names %q %+v, want reasons/%s", ae.Field, ae.Fields, app.ReasonRatingReason)
	}
	// A missing score and an out-of-range one are named too.
	ae = appErr(t, func() error {
		_, err := kiosk.RateTicket(ctx, tk.ID, app.RatingSubmission{Scores: app.RatingScores{Overall: 6, Efficiency: 5, Quality: 5}})
		return err
	}(), app.EINVALID)
	if ae.Field != "scores.overall" || ae.Fields[0].Reason != app.ReasonRatingLevel || len(ae.Fields) != 2 || ae.Fields[1].Field != "scores.attitude" {
		t.Fatalf("refusal %+v", ae.Fields)
	}
	// "other" needs the text.
	ae = appErr(t, func() error {
		_, err := kiosk.RateTicket(ctx, tk.ID, app.RatingSubmission{Scores: bad.Scores, Reasons: []string{app.RatingReasonOther}})
		return err
	}(), app.EINVALID)
	if ae.Field != "text" {
		t.Fatalf("other without text: field %q", ae.Field)
	}
	if n, _ := h.DB.RatingCount(ctx); n != 0 {
		t.Fatalf("refused ratings stored %d rows", n)
	}

	// With a reason: stored, flagged, announced at once.
	bad.Reasons, bad.Text = []string{app.RatingReasonLongWait, "long_wait"}, "  等了四十分钟  "
	r, err := kiosk.RateTicket(ctx, tk.ID, bad)
	if err != nil {
		t.Fatal(err)
	}
	if !r.FollowUp || r.TicketNumber != tk.Number || r.Window != 1 || r.Subject != app.RatingOfTicket ||
		len(r.Reasons) != 1 || r.Text != "等了四十分钟" || r.Hall != hubtest.DefaultHall || r.ID == "" {
		t.Fatalf("rating %+v", r)
	}
	e := waitEvent(t, events, app.EventRatingCreated)
	if e.Rating == nil || e.Rating.ID != r.ID || !e.Rating.FollowUp {
		t.Fatalf("event %+v", e.Rating)
	}

	// One rating per ticket, whether by ID or by the ticket's QR payload.
	appErr(t, func() error {
		_, err := kiosk.RateTicket(ctx, tk.ID, app.RatingSubmission{Scores: allSatisfied})
		return err
	}(), app.ECONFLICT)
	appErr(t, func() error {
		_, err := kiosk.RateTicket(ctx, app.TicketQRPayload(hubtest.DefaultHall, tk), app.RatingSubmission{Scores: allSatisfied})
		return err
	}(), app.ECONFLICT)
	// A second finished ticket, rated well by its QR payload: not flagged.
	tk2 := finishedTicket(t, h)
	good, err := kiosk.RateTicket(ctx, app.TicketQRPayload(hubtest.DefaultHall, tk2), app.RatingSubmission{Scores: allSatisfied})
	if err != nil || good.FollowUp || good.TicketID != tk2.ID {
		t.Fatalf("good rating %+v %v", good, err)
	}

	// A ticket still waiting cannot be rated; an unknown one is not found.
	svcs, _ := kiosk.Services(ctx)
	waiting, _ := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[0].ID})
	appErr(t, func() error {
		_, err := kiosk.RateTicket(ctx, waiting.ID, app.RatingSubmission{Scores: allSatisfied})
		return err
	}(), app.ECONFLICT)
	appErr(t, func() error {
		_, err := kiosk.RateTicket(ctx, "nope", app.RatingSubmission{Scores: allSatisfied})
		return err
	}(), app.ENOTFOUND)

	// Staff list; the kiosk may not.
	all, err := counter.Ratings(ctx, app.RatingFilter{})
	if err != nil || len(all) != 2 || all[0].ID != good.ID {
		t.Fatalf("ratings %v %v", all, err)
	}
	flagged, err := counter.Ratings(ctx, app.RatingFilter{FollowUp: true})
	if err != nil || len(flagged) != 1 || flagged[0].ID != r.ID || flagged[0].Scores != bad.Scores || flagged[0].Reasons[0] != app.RatingReasonLongWait {
		t.Fatalf("flagged %+v %v", flagged, err)
	}
	appErr(t, func() error { _, err := kiosk.Ratings(ctx, app.RatingFilter{}); return err }(), app.EFORBIDDEN)
	appErr(t, func() error {
		_, err := h.HTTPClient(app.RoleBoard).RateTicket(ctx, tk2.ID, app.RatingSubmission{Scores: allSatisfied})
		return err
	}(), app.EFORBIDDEN)

	// Each stored rating wrote one outbox row of kind rating.
	rows, err := h.DB.OutboxBatch(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, row := range rows {
		if row.Kind == app.KindRating {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("rating outbox rows %d, want 2", n)
	}
}

func TestRateApplicationOnce(t *testing.T) {
	ctx := context.Background()
	h := hubtest.New(t)
	kiosk := h.HTTPClient(app.RoleKiosk)
	svc := serviceByCode(t, kiosk, "GA-007")
	a, err := kiosk.SubmitApplication(ctx, app.ApplicationRequest{ServiceID: svc.ID,
		Applicant: app.Applicant{Name: "王小明", IDNumber: testID, Phone: testPhone}, Fields: fillForm(svc.Form)})
	if err != nil {
		t.Fatal(err)
	}
	r, err := kiosk.RateApplication(ctx, strings.ToLower(a.TrackingNo), app.RatingSubmission{Scores: allSatisfied, Text: "很方便"})
	if err != nil || r.TrackingNo != a.TrackingNo || r.ServiceID != svc.ID || r.Subject != app.RatingOfApplication {
		t.Fatalf("rating %+v %v", r, err)
	}
	appErr(t, func() error {
		_, err := kiosk.RateApplication(ctx, a.TrackingNo, app.RatingSubmission{Scores: allSatisfied})
		return err
	}(), app.ECONFLICT)
	appErr(t, func() error {
		_, err := kiosk.RateApplication(ctx, hubtest.DefaultHall+"-20260105-9999", app.RatingSubmission{Scores: allSatisfied})
		return err
	}(), app.ENOTFOUND)
}

const (
	reqName  = "欧阳娜娜"
	reqPhone = "13987654321"
)

func TestRequestRoundTrip(t *testing.T) {
	ctx := context.Background()
	h := hubtest.New(t)
	kiosk, counter := h.HTTPClient(app.RoleKiosk), h.HTTPClient(app.RoleCounter)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events, err := counter.Subscribe(sctx)
	if err != nil {
		t.Fatal(err)
	}

	// Bad input: every bad field named, nothing stored, no number taken.
	_, err = kiosk.SubmitRequest(ctx, app.RequestSubmission{Kind: app.RequestComplaint, Subject: "等候太久",
		Contact: app.Contact{Name: "张3", Phone: "12345"}})
	ae := appErr(t, err, app.EINVALID)
	var fields []string
	for _, f := range ae.Fields {
		fields = append(fields, f.Field+"/"+f.Reason)
	}
	if got := strings.Join(fields, " "); got != "text/required contact.name/name contact.phone/phone" {
		t.Fatalf("fields %s", got)
	}
	_, err = kiosk.SubmitRequest(ctx, app.RequestSubmission{Kind: app.RequestDisclosure, Subject: "申请公开",
		Contact: app.Contact{Name: reqName, Phone: reqPhone}, Disclosure: &app.Disclosure{Information: "2025年道路维修预算", Delivery: app.DeliveryMail}})
	if ae := appErr(t, err, app.EINVALID); ae.Field != "contact.address" {
		t.Fatalf("mail without address: %q", ae.Field)
	}
	if n, _ := h.DB.RequestCount(ctx); n != 0 {
		t.Fatalf("refused requests stored %d", n)
	}

	// A complaint and a disclosure request: tracking numbers of their own, masked answers.
	c, err := kiosk.SubmitRequest(ctx, app.RequestSubmission{Kind: app.RequestComplaint, Subject: "等候太久",
		Text: "上午在 3 号窗口等候超过 40 分钟", Contact: app.Contact{Name: reqName, Phone: "139 8765 4321"}})
	if err != nil {
		t.Fatal(err)
	}
	if !app.ValidRequestTrackingNo(c.TrackingNo) || app.ValidTrackingNo(c.TrackingNo) ||
		!strings.HasPrefix(c.TrackingNo, hubtest.DefaultHall+"-R-") || !strings.HasSuffix(c.TrackingNo, "-0001") {
		t.Fatalf("tracking number %q", c.TrackingNo)
	}
	if c.Contact.Name != "欧***" || c.Contact.Phone != "139****4321" || c.Status != app.RequestReceived || c.Terminal != "test-kiosk" {
		t.Fatalf("submitted %+v", c)
	}
	e := waitEvent(t, events, app.EventRequestCreated)
	if e.Request == nil || e.Request.TrackingNo != c.TrackingNo || e.Request.Text != "" || e.Request.Contact.Phone != "139****4321" {
		t.Fatalf("event %+v", e.Request)
	}
	d, err := kiosk.SubmitRequest(ctx, app.RequestSubmission{Kind: app.RequestDisclosure, Subject: "申请公开道路维修预算",
		Contact:    app.Contact{Name: reqName, Phone: reqPhone, Email: "ouyang@example.cn"},
		Disclosure: &app.Disclosure{Information: "2025年城区道路维修预算及执行情况", Purpose: "了解情况", Delivery: app.DeliveryEmail}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(d.TrackingNo, "-0002") || d.Contact.Email != "o***@example.cn" || d.Disclosure == nil || d.Disclosure.Delivery != app.DeliveryEmail {
		t.Fatalf("disclosure %+v", d)
	}

	// The kiosk reads one back by number, masked; an application number is not a request's.
	got, err := kiosk.Request(ctx, strings.ToLower(c.TrackingNo))
	if err != nil || got.Contact.Phone != "139****4321" || got.Text != c.Text {
		t.Fatalf("read back %+v %v", got, err)
	}
	appErr(t, func() error { _, err := kiosk.Request(ctx, hubtest.DefaultHall+"-20260105-0001"); return err }(), app.ENOTFOUND)
	appErr(t, func() error { _, err := kiosk.Requests(ctx, app.RequestFilter{}); return err }(), app.EFORBIDDEN)
	appErr(t, func() error {
		_, err := kiosk.AnswerRequest(ctx, c.TrackingNo, app.RequestAnswer{Answer: "x"})
		return err
	}(), app.EFORBIDDEN)

	// Staff list and answer, then close; answering twice or after closing conflicts.
	list, err := counter.Requests(ctx, app.RequestFilter{Kind: app.RequestComplaint})
	if err != nil || len(list) != 1 || list[0].Contact.Name != "欧***" {
		t.Fatalf("list %+v %v", list, err)
	}
	ae = appErr(t, func() error { _, err := counter.AnswerRequest(ctx, c.TrackingNo, app.RequestAnswer{}); return err }(), app.EINVALID)
	if ae.Field != "answer" {
		t.Fatalf("empty answer: %q", ae.Field)
	}
	ans, err := counter.AnswerRequest(ctx, c.TrackingNo, app.RequestAnswer{Answer: "已增开窗口，致歉", Window: 3})
	if err != nil || ans.Status != app.RequestAnswered || ans.AnswerWindow != 3 || ans.Version != 2 || ans.Contact.Phone != "139****4321" {
		t.Fatalf("answer %+v %v", ans, err)
	}
	if e := waitEvent(t, events, app.EventRequestChanged); e.Request.Status != app.RequestAnswered || e.Request.Answer != "" {
		t.Fatalf("changed event %+v", e.Request)
	}
	appErr(t, func() error {
		_, err := counter.AnswerRequest(ctx, c.TrackingNo, app.RequestAnswer{Answer: "again"})
		return err
	}(), app.ECONFLICT)
	closed, err := counter.AnswerRequest(ctx, c.TrackingNo, app.RequestAnswer{Close: true})
	if err != nil || closed.Status != app.RequestClosed || closed.ClosedAt == nil {
		t.Fatalf("close %+v %v", closed, err)
	}
	appErr(t, func() error {
		_, err := counter.AnswerRequest(ctx, c.TrackingNo, app.RequestAnswer{Close: true})
		return err
	}(), app.ECONFLICT)
	open, err := counter.Requests(ctx, app.RequestFilter{Status: app.RequestReceived})
	if err != nil || len(open) != 1 || open[0].TrackingNo != d.TrackingNo {
		t.Fatalf("open requests %+v %v", open, err)
	}

	// Outbox: complaint v1, v2, v3 and the disclosure v1, each with the contact masked.
	rows, err := h.DB.OutboxBatch(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	var versions []int
	for _, r := range rows {
		if r.Kind == app.KindRequest && r.RecordID == c.TrackingNo {
			versions = append(versions, r.Version)
		}
	}
	if len(versions) != 3 || versions[2] != 3 {
		t.Fatalf("outbox versions of %s: %v", c.TrackingNo, versions)
	}

	// Nothing personal in clear in any of the store's files.
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(h.DB.Path), sqlite.FileName+"*"))
	if len(files) == 0 {
		t.Fatal("no database files")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{reqPhone, reqName, "ouyang@example.cn", "ouyang"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q in clear", filepath.Base(f), secret)
			}
		}
	}
	// The store opens it with the key.
	clear, err := h.DB.Request(ctx, d.TrackingNo)
	if err != nil || clear.Contact.Phone != reqPhone || clear.Contact.Name != reqName || clear.Contact.Email != "ouyang@example.cn" {
		t.Fatalf("store read %+v %v", clear.Contact, err)
	}
}

func TestNoticesSearchableOffline(t *testing.T) {
	ctx := context.Background()
	h := hubtest.New(t) // no central at all: only what the hub cached
	at := time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC)
	var changes []app.PulledChange
	for i, n := range []app.Notice{
		{Title: "关于调整办公时间的公告", Body: "春节期间大厅办公时间调整为上午9时至下午4时。", Department: "市政务服务中心"},
		{Title: "2025年城区道路维修预算公示", Body: "Budget of road repairs: 1,200 万元。", Department: "市交通运输局"},
		{Title: "不动产登记 100% 网上办理", Body: "自即日起不动产登记全程网办。", Department: "市自然资源局"},
	} {
		n.PublishedAt = at.Add(time.Duration(i) * time.Hour)
		changes = append(changes, app.PulledChange{Seq: int64(i + 1), Kind: "notice", ID: "n" + string(rune('1'+i)), Version: 1, Payload: mustJSON(t, n)})
	}
	if err := h.DB.ApplyPull(ctx, changes, 3); err != nil {
		t.Fatal(err)
	}
	board := h.HTTPClient(app.RoleBoard)
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"", []string{"n3", "n2", "n1"}},
		{"办公时间", []string{"n1"}},
		{"预算　道路", []string{"n2"}},          // ideographic space: both words
		{"BUDGET", []string{"n2"}},         // Latin in any case, in the body
		{"自然资源局", []string{"n3"}},          // department
		{"100%", []string{"n3"}},           // % is a character, not a wildcard
		{"_", nil},                         // so is _
		{"办公时间 道路", nil},                   // every word must match
		{"ｂｕｄｇｅｔ", []string{"n2"}},         // full-width letters
		{"  ", []string{"n3", "n2", "n1"}}, // blank lists all
	} {
		list, err := board.Notices(ctx, c.q)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		var ids []string
		for _, n := range list {
			ids = append(ids, n.ID)
		}
		if strings.Join(ids, ",") != strings.Join(c.want, ",") {
			t.Errorf("Notices(%q) = %v, want %v", c.q, ids, c.want)
		}
	}
	if _, err := board.Notices(ctx, strings.Repeat("长", 101)); err == nil {
		t.Fatal("an over-long search was accepted")
	}
	// In process the hub answers the same.
	var ns app.NoticeService = h.Core
	if list, err := ns.Notices(ctx, "公告"); err != nil || len(list) != 1 || list[0].Body == "" {
		t.Fatalf("core notices %v %v", list, err)
	}
}

var _ app.RatingService = (*hub.Client)(nil)

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
