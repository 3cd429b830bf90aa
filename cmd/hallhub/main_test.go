package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/hub/node"
	"servicehall/sync/central"
	"servicehall/sync/syncer"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// eventually polls cond until it holds or 20 s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

// TestOfflineHallDrainsWhenCentralReturns runs hallhub's Main and a real central the way
// a user does: central goes away, the hall keeps issuing, central comes back, the backlog
// drains by itself, and central holds every ticket exactly once.
func TestOfflineHallDrainsWhenCentralReturns(t *testing.T) {
	ctx := context.Background()
	cdata, hdata := t.TempDir(), t.TempDir()
	caddr := freeAddr(t)
	cst, err := central.Open(cdata)
	if err != nil {
		t.Fatal(err)
	}
	defer cst.Close()
	htok, _ := cst.AddHall(ctx, "TC02", "达川区石桥镇便民服务中心")
	startCentral := func() *central.Server {
		s := central.NewServer(cst, quiet)
		if err := s.Open(caddr); err != nil {
			t.Fatal(err)
		}
		return s
	}
	csrv := startCentral()

	m := &Main{Config: node.Config{Data: hdata, Addr: "127.0.0.1:0", Hall: "TC02", HallName: "石桥镇",
		CentralURL: "http://" + caddr, CentralToken: htok, Logger: quiet,
		Sync: syncer.Config{MinBackoff: 50 * time.Millisecond, MaxBackoff: 300 * time.Millisecond, Timeout: 2 * time.Second}}}
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var out bytes.Buffer
	if err := run(ctx, []string{"terminal", "add", "--data", hdata, "--name", "kiosk-1", "--role", "kiosk"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	kiosk := hub.NewClient(m.Node.URL(), strings.TrimSpace(out.String()))
	svcs, err := kiosk.Services(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tickets := func() int {
		s, _ := cst.HallSummary(ctx, "TC02")
		return s.Tickets
	}
	if _, err := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[0].ID}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the first ticket at central", func() bool { return tickets() == 1 })

	csrv.Close()
	for i := 0; i < 20; i++ {
		if _, err := kiosk.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[i%len(svcs)].ID}); err != nil {
			t.Fatalf("ticket %d with central down: %v", i, err)
		}
	}
	eventually(t, "link down with 20 pending", func() bool {
		h, _ := kiosk.Health(ctx)
		return h.Link == app.LinkDown && h.Pending == 20
	})
	csrv = startCentral()
	defer csrv.Close()
	eventually(t, "the backlog to drain", func() bool {
		h, _ := kiosk.Health(ctx)
		return h.Pending == 0 && h.Link == app.LinkUp
	})
	if n := tickets(); n != 21 {
		t.Fatalf("central holds %d tickets, want exactly 21", n)
	}
	// Restarted without --central, the hub remembers where central is.
	m.Close()
	m2 := &Main{Config: node.Config{Data: hdata, Addr: "127.0.0.1:0", Logger: quiet}}
	if err := m2.Run(ctx); err != nil {
		t.Fatal(err)
	}
	defer m2.Close()
	if u, tok, _ := m2.Node.DB.CentralLink(ctx); u != "http://"+caddr || tok != htok {
		t.Fatalf("saved central link %q", u)
	}
}

func TestTerminalAddRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	for _, args := range [][]string{
		{"terminal", "add", "--name", "x", "--role", "kiosk"},
		{"terminal", "add", "--data", data, "--name", "x", "--role", "cashier"},
		{"terminal", "add", "--data", data, "--name", "", "--role", "kiosk"},
	} {
		var out bytes.Buffer
		if err := run(ctx, args, &out, io.Discard); err == nil || out.Len() != 0 {
			t.Errorf("%v: err %v, printed %q", args, err, out.String())
		}
	}
}

// A township PC whose clock is a day behind: once central has answered, the hall numbers
// tickets on central's day and reports the skew; central orders by its own clock.
func TestHallFollowsCentralsClock(t *testing.T) {
	ctx := context.Background()
	cst, err := central.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer cst.Close()
	ahead := 24 * time.Hour
	cst.Now = func() time.Time { return time.Now().Add(ahead) } // i.e. this machine is a day behind
	code, _ := cst.AddHall(ctx, "TC03", "测试")
	csrv := central.NewServer(cst, quiet)
	if err := csrv.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer csrv.Close()
	m := &Main{Config: node.Config{Data: t.TempDir(), Addr: "127.0.0.1:0", Hall: "TC03", HallName: "测试",
		CentralURL: csrv.URL(), CentralToken: code, Logger: quiet,
		Sync: syncer.Config{MinBackoff: 50 * time.Millisecond, MaxBackoff: 300 * time.Millisecond}}}
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	eventually(t, "the skew to be known", func() bool {
		h, _ := m.Node.Hall.Health(ctx)
		return h.ClockSkewMS > int64(23*time.Hour/time.Millisecond)
	})
	svcs, _ := m.Node.DB.Services(ctx)
	tk, err := m.Node.Hall.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	want := app.HallDay(time.Now().Add(ahead), app.LoadLocation(""))
	if tk.Day != want {
		t.Fatalf("ticket on %s, want central's day %s", tk.Day, want)
	}
}
