package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/ui"
	"servicehall/printing"
	"servicehall/printing/device"
	"servicehall/printing/escpos"
)

// `servicehall printer list` works on a machine without CUPS: it says so and exits 0.
func TestPrinterListWithoutCUPS(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"printer", "list"}, &out, &errOut); err != nil {
		t.Fatalf("printer list: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{"CUPS queues", "lpstat (CUPS) is not installed", "/dev/usb/lp*", "tcp:HOST:9100"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printer list output lacks %q:\n%s", want, out.String())
		}
	}
}

// A kiosk whose network printer is out of paper: the ticket's slip fails with a status
// that says so, is kept in the spool under the data folder, and prints exactly once
// when the kiosk reprints after paper is back.
func TestTicketKeptWhenPaperOutAndReprintedOnce(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var paperOut atomic.Bool
	paperOut.Store(true)
	jobs := make(chan []byte, 8)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				var job []byte
				buf := make([]byte, 4096)
				for {
					n, err := c.Read(buf)
					for i := 0; i < n; i++ {
						if buf[i] == escpos.DLE && i+2 < n && buf[i+1] == escpos.EOT {
							st := printing.Status{Known: true, PaperOut: paperOut.Load(), Offline: paperOut.Load()}
							c.Write([]byte{escpos.StatusByte(escpos.StatusKind(buf[i+2]), st)})
							i += 2
							continue
						}
						job = append(job, buf[i])
					}
					if err != nil {
						if len(job) > 0 {
							jobs <- job
						}
						return
					}
				}
			}()
		}
	}()
	data := t.TempDir()
	c := guiConfig{Printer: "tcp:" + ln.Addr().String(), Profile: "80mm", Data: data}
	hall := func(context.Context) string { return "通川区东城街道便民服务中心" }
	p, err := newTicketPrinter(c, ui.NewLocalizer("zh-Hans"), hall, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	tk := app.Ticket{ID: "0193aaaa-bbbb-7ccc-8ddd-eeeeffff0002", Number: "A008", Hall: "TC01", Day: "2026-11-26",
		IssuedAt: time.Date(2026, 11, 26, 1, 30, 0, 0, time.UTC)}
	svc := app.Service{Name: "居民身份证申领"}
	err = p.PrintTicket(context.Background(), tk, svc)
	if st, ok := device.StatusOf(err); !ok || !st.PaperOut {
		t.Fatalf("print with no paper: %v", err)
	}
	if pend := p.jobs.Pending(); len(pend) != 1 || pend[0].Label != "A008" {
		t.Fatalf("kept jobs %+v", pend)
	}
	if m, _ := filepath.Glob(filepath.Join(data, "prints", "spool", "*.job")); len(m) != 1 {
		t.Errorf("spool holds %q", m)
	}
	paperOut.Store(false)
	if err := p.PrintTicket(context.Background(), tk, svc); err != nil {
		t.Fatalf("reprint: %v", err)
	}
	select {
	case job := <-jobs:
		d, err := escpos.Decode(job)
		if err != nil || !strings.Contains(d.Text(), "A008") {
			t.Errorf("printed %v %q", err, d.Text())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("nothing printed")
	}
	// Another retry of the same ticket prints nothing twice.
	if err := p.PrintTicket(context.Background(), tk, svc); err != nil {
		t.Fatal(err)
	}
	select {
	case <-jobs:
		t.Error("the ticket printed twice")
	default:
	}
	if len(p.jobs.Pending()) != 0 {
		t.Errorf("pending %+v", p.jobs.Pending())
	}
}
