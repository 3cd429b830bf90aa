package central_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"servicehall/sync/central"
	"servicehall/sync/wire"
)

var ctx = context.Background()

func open(t *testing.T) *central.Store {
	t.Helper()
	st, err := central.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func rec(id string, v int) wire.Record {
	return wire.Record{ID: id, Kind: "ticket", Version: v, Payload: json.RawMessage(`{"id":"` + id + `"}`), CreatedAt: time.Now()}
}

func statuses(rs []wire.PushResult) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Status)
	}
	return out
}

func TestPushIsIdempotent(t *testing.T) {
	st := open(t)
	if _, err := st.AddHall(ctx, "TC01", "一号厅"); err != nil {
		t.Fatal(err)
	}
	batch := wire.PushRequest{Protocol: 1, Hall: "TC01", Records: []wire.Record{rec("a", 1), rec("b", 1), rec("a", 2)}}
	res, err := st.Push(ctx, "TC01", batch)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(res); got[0] != wire.Stored || got[1] != wire.Stored || got[2] != wire.Stored {
		t.Fatalf("first push %v", got)
	}
	before, _ := st.HallSummary(ctx, "TC01")
	res, err = st.Push(ctx, "TC01", batch) // replayed
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range statuses(res) {
		if s != wire.Duplicate {
			t.Fatalf("replayed batch: %v", statuses(res))
		}
	}
	after, _ := st.HallSummary(ctx, "TC01")
	if before.Tickets != 2 || after.Tickets != 2 || before.Changes != after.Changes {
		t.Fatalf("replay changed central: before %+v after %+v", before, after)
	}
	// An older version arriving late never overwrites a newer one.
	res, _ = st.Push(ctx, "TC01", wire.PushRequest{Records: []wire.Record{rec("a", 1)}})
	if res[0].Status != wire.Duplicate {
		t.Fatalf("stale version: %v", res[0])
	}
}

func TestPushRejectsWhatItCannotStore(t *testing.T) {
	st := open(t)
	st.AddHall(ctx, "TC01", "一")
	st.AddHall(ctx, "TC02", "二")
	st.Push(ctx, "TC01", wire.PushRequest{Records: []wire.Record{rec("mine", 1)}})
	bad := []wire.Record{
		{ID: "", Kind: "ticket", Version: 1, Payload: json.RawMessage(`{}`)},
		{ID: "x", Kind: "hologram", Version: 1, Payload: json.RawMessage(`{}`)},
		{ID: "y", Kind: "ticket", Version: 1, Payload: json.RawMessage(`[]`)},
		rec("mine", 2), // another hall's record
	}
	res, err := st.Push(ctx, "TC02", wire.PushRequest{Records: bad})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Status != wire.Rejected || r.Reason == "" {
			t.Errorf("record %d: %+v, want rejected with a reason", i, r)
		}
	}
}

func TestServerAuthAndGzip(t *testing.T) {
	st := open(t)
	code, _ := st.AddHall(ctx, "TC01", "一号厅")
	tok, _ := st.Enrol(ctx, "TC01", code)
	admin, _ := st.NewAdminToken(ctx)
	srv := central.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := srv.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	json.NewEncoder(zw).Encode(wire.PushRequest{Protocol: 1, Hall: "TC01", Records: []wire.Record{rec("a", 1)}})
	zw.Close()
	do := func(method, path, token string, body []byte, gz bool) int {
		req, _ := http.NewRequest(method, srv.URL()+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		if gz {
			req.Header.Set("Content-Encoding", "gzip")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := do("POST", wire.PathPush, "wrong", buf.Bytes(), true); c != 401 {
		t.Fatalf("push with a wrong token: %d", c)
	}
	if c := do("POST", wire.PathPush, tok, buf.Bytes(), true); c != 200 {
		t.Fatalf("gzip push: %d", c)
	}
	if c := do("GET", "/api/v1/admin/halls/TC01/summary", tok, nil, false); c != 401 {
		t.Fatalf("summary with a hall token: %d", c)
	}
	if c := do("GET", "/api/v1/admin/halls/TC01/summary", admin, nil, false); c != 200 {
		t.Fatalf("summary: %d", c)
	}
	if c := do("GET", "/api/v1/admin/halls/NOPE/summary", admin, nil, false); c != 404 {
		t.Fatalf("unknown hall summary: %d", c)
	}
	if sum, _ := st.HallSummary(ctx, "TC01"); sum.Tickets != 1 || sum.ClockSkewMS == nil {
		t.Fatalf("summary %+v", sum)
	}
}
