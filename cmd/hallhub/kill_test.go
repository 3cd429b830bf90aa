package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"bytes"
	"io"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/sqlite"
	"servicehall/sync/central"
	"servicehall/sync/wire"
)

// TestKilledHubLosesNothing runs the real hallhub binary, issues tickets against it
// without pause, and kills it with SIGKILL at random moments (mid-push, mid-pull,
// mid-commit), many times. At the end every ticket the hub holds is at central exactly
// once and the hall's SQLite file passes integrity_check.
func TestKilledHubLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess kill test skipped in -short mode")
	}
	ctx := context.Background()
	bin := filepath.Join(t.TempDir(), "hallhub")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build hallhub: %v\n%s", err, out)
	}
	cst, err := central.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer cst.Close()
	code, _ := cst.AddHall(ctx, "TC09", "杀不死便民服务中心")
	csrv := central.NewServer(cst, quiet)
	if err := csrv.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer csrv.Close()

	data := t.TempDir()
	var out bytes.Buffer
	if err := run(ctx, []string{"terminal", "add", "--data", data, "--name", "kiosk-1", "--role", "kiosk"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(out.String())
	addr := freeAddr(t)
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "--data", data, "--addr", addr, "--hall", "TC09", "--hall-name", "杀不死便民服务中心",
			"--central", csrv.URL(), "--central-token", code)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		c := hub.NewClient("http://"+addr, token)
		eventually(t, "hallhub to answer", func() bool { _, err := c.Health(ctx); return err == nil })
		return cmd
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 7))
	t.Logf("seed %d", seed)
	var issued atomic.Int64
	notices := 0
	for round := 0; round < 6; round++ {
		// Central has news for the hall too, so kills land in pulls as well as pushes.
		for j := 0; j < 300; j++ {
			if _, err := cst.Publish(ctx, "", wire.KindNotice, fmt.Sprintf("n-%d-%d", round, j), wire.Notice{Title: "公告", Body: "正文"}); err != nil {
				t.Fatal(err)
			}
			notices++
		}
		cmd := start()
		c := hub.NewClient("http://"+addr, token)
		c.Timeout = 2 * time.Second
		svcs, err := c.Services(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := c.IssueTicket(ctx, app.IssueRequest{ServiceID: svcs[i%len(svcs)].ID}); err == nil {
					issued.Add(1)
				}
			}
		}()
		killAt := time.NewTimer(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		<-killAt.C
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		close(stop)
		<-done
	}
	cmd := start()
	c := hub.NewClient("http://"+addr, token)
	eventually(t, "the outbox to drain after the last restart", func() bool {
		h, err := c.Health(ctx)
		return err == nil && h.Pending == 0 && h.Link == app.LinkUp
	})
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()

	db, err := sqlite.Open(filepath.Join(data, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if s, err := db.IntegrityCheck(ctx); err != nil || s != "ok" {
		t.Fatalf("integrity_check: %q %v", s, err)
	}
	held, err := db.TicketCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sum, _ := cst.HallSummary(ctx, "TC09")
	t.Logf("%d tickets acknowledged to the kiosk, %d held by the hub, %d at central (%d changes)", issued.Load(), held, sum.Tickets, sum.Changes)
	if int64(held) < issued.Load() {
		t.Fatalf("the hub holds %d tickets but acknowledged %d: a ticket the kiosk showed was lost", held, issued.Load())
	}
	if sum.Tickets != held || sum.Changes != held {
		t.Fatalf("central holds %d tickets / %d changes, hub %d: want exactly once", sum.Tickets, sum.Changes, held)
	}
	got, err := db.Notices(ctx)
	if err != nil || len(got) != notices {
		t.Fatalf("the hall holds %d of central's %d notices (%v)", len(got), notices, err)
	}
	if cur, _ := db.PullCursor(ctx); cur != int64(notices) {
		t.Fatalf("pull cursor %d, want %d", cur, notices)
	}
}
