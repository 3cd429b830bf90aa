package central_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"servicehall/app"
	"servicehall/sync/central"
	"servicehall/sync/wire"
)

func TestEnrolmentIsRetrySafeThenOneTime(t *testing.T) {
	st := open(t)
	code, err := st.AddHall(ctx, "TC01", "一号厅")
	if err != nil {
		t.Fatal(err)
	}
	c1, err := st.Enrol(ctx, "TC01", code)
	if err != nil || c1 == "" {
		t.Fatalf("enrol: %q %v", c1, err)
	}
	// The hub lost the reply, or died before saving: the same code gives the same credential.
	c2, err := st.Enrol(ctx, "TC01", code)
	if err != nil || c2 != c1 {
		t.Fatalf("retry gave %q %v, want the same credential", c2, err)
	}
	if _, err := st.Enrol(ctx, "TC02", code); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Fatalf("code presented for another hall: %v", err)
	}
	hall, err := st.HallByToken(ctx, c1) // first use closes the enrolment
	if err != nil || hall != "TC01" {
		t.Fatalf("credential: %q %v", hall, err)
	}
	if _, err := st.Enrol(ctx, "TC01", code); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Fatalf("reuse after first use: %v, want forbidden", err)
	}
	if _, err := st.Enrol(ctx, "TC01", "guess"); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Fatalf("unknown code: %v", err)
	}
	if _, err := st.HallByToken(ctx, code); app.ErrorCode(err) != app.EUNAUTHORIZED {
		t.Fatalf("the enrolment code itself is no credential: %v", err)
	}
	// A lost credential is revoked; a new code enrols the hall again.
	if err := st.RevokeHall(ctx, "TC01"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.HallByToken(ctx, c1); app.ErrorCode(err) != app.EUNAUTHORIZED {
		t.Fatalf("revoked credential still works: %v", err)
	}
	code2, _ := st.AddHall(ctx, "TC01", "一号厅")
	c3, err := st.Enrol(ctx, "TC01", code2)
	if err != nil || c3 == c1 {
		t.Fatalf("re-enrol: %v", err)
	}
	if err := st.RevokeHall(ctx, "NOPE"); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("revoke unknown hall: %v", err)
	}
}

func TestFeedPagesAndScope(t *testing.T) {
	st := open(t)
	st.AddHall(ctx, "TC01", "一")
	st.AddHall(ctx, "TC02", "二")
	for i := 0; i < 5; i++ {
		if _, err := st.Publish(ctx, "", wire.KindNotice, "n1", wire.Notice{Title: "公告"}); err != nil {
			t.Fatal(err)
		}
	}
	st.Publish(ctx, "TC02", wire.KindBooking, "b1", map[string]any{"id": "b1"})
	st.Publish(ctx, "TC01", wire.KindBooking, "b2", map[string]any{"id": "b2"})
	p, err := st.Pull(ctx, "TC01", 0, 4)
	if err != nil || len(p.Changes) != 4 || !p.More || p.Next != p.Changes[3].Seq {
		t.Fatalf("page 1: %+v %v", p, err)
	}
	if p.Changes[3].Version != 4 {
		t.Fatalf("versions grow per id: %+v", p.Changes)
	}
	p2, _ := st.Pull(ctx, "TC01", p.Next, 4)
	if len(p2.Changes) != 2 || p2.More || p2.Changes[1].ID != "b2" {
		t.Fatalf("page 2: %+v (TC02's booking must not show)", p2.Changes)
	}
	p3, _ := st.Pull(ctx, "TC01", p2.Next, 4)
	if len(p3.Changes) != 0 || p3.Next != p2.Next {
		t.Fatalf("empty page: %+v", p3)
	}
}

func pushApplication(t *testing.T, st *central.Store, hall, id, tracking, status string, v int) {
	t.Helper()
	payload, _ := json.Marshal(map[string]any{"id": id, "tracking_no": tracking, "status": status, "service_name": "居民身份证申领"})
	res, err := st.Push(ctx, hall, wire.PushRequest{Records: []wire.Record{{ID: id, Kind: "application", Version: v, Payload: payload}}})
	if err != nil || res[0].Status == wire.Rejected {
		t.Fatalf("push application: %+v %v", res, err)
	}
}

func TestAdvanceApplicationOnlyForward(t *testing.T) {
	st := open(t)
	st.AddHall(ctx, "TC01", "一")
	if _, err := st.AdvanceApplication(ctx, "TC01-20261126-0001", "approved", ""); app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("unknown application: %v", err)
	}
	pushApplication(t, st, "TC01", "app-1", "TC01-20261126-0001", "accepted", 2)
	ch, err := st.AdvanceApplication(ctx, "TC01-20261126-0001", "in_review", "材料齐全")
	if err != nil || ch.Kind != wire.KindApplicationStatus {
		t.Fatalf("advance: %+v %v", ch, err)
	}
	if _, err := st.AdvanceApplication(ctx, "TC01-20261126-0001", "accepted", ""); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("backwards: %v", err)
	}
	if _, err := st.AdvanceApplication(ctx, "TC01-20261126-0001", "finished?", ""); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("bad status: %v", err)
	}
	p, _ := st.Pull(ctx, "TC01", 0, 10)
	if len(p.Changes) != 1 || !strings.Contains(string(p.Changes[0].Payload), "in_review") {
		t.Fatalf("hall's feed %+v", p.Changes)
	}
	s, err := st.ApplicationByTracking(ctx, "TC01-20261126-0001")
	if err != nil || s.Status != "in_review" || s.Service != "居民身份证申领" {
		t.Fatalf("state %+v %v", s, err)
	}
}

func TestStatusPageTellsPendingFromUnknown(t *testing.T) {
	st := open(t)
	st.AddHall(ctx, "TC01", "一")
	pushApplication(t, st, "TC01", "app-1", "TC01-20261126-0001", "accepted", 2)
	srv := central.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := srv.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if c, body := get("/s/TC01-20261126-0001"); c != 200 || !strings.Contains(body, "已受理") {
		t.Fatalf("known: %d %s", c, body)
	}
	if c, body := get("/s/TC01-20261126-0001?lang=en"); c != 200 || !strings.Contains(body, "Accepted") {
		t.Fatalf("english: %d", c)
	}
	if c, body := get("/s/TC01-20261126-0002"); c != 200 || !strings.Contains(body, "尚未同步") {
		t.Fatalf("not arrived yet: %d %s", c, body)
	}
	if c, body := get("/s/TC99-20261126-0001"); c != 404 || !strings.Contains(body, "没有这个办件编号") {
		t.Fatalf("unknown hall: %d %s", c, body)
	}
	if c, _ := get("/s/<script>"); c != 404 {
		t.Fatalf("garbage: %d", c)
	}
}
