package main

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/ui"
	"servicehall/printing/escpos"
)

func TestTicketSlipGoesToFileWithPreview(t *testing.T) {
	dir := t.TempDir()
	c := guiConfig{Printer: "file:" + dir + "/", Profile: "80mm"}
	hall := func(context.Context) string { return "通川区东城街道便民服务中心" }
	p, err := newTicketPrinter(c, ui.NewLocalizer("zh-Hans"), hall, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	tk := app.Ticket{ID: "0193aaaa-bbbb-7ccc-8ddd-eeeeffff0001", Number: "A007", Hall: "TC01", Day: "2026-11-26",
		WaitingAhead: 3, IssuedAt: time.Date(2026, 11, 26, 1, 30, 0, 0, time.UTC)}
	svc := app.Service{Name: "居民身份证申领", NameEN: "Resident ID card application"}
	if err := p.PrintTicket(context.Background(), tk, svc); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "2026-11-26-A007-ffff0001")
	raw, err := os.ReadFile(base + ".escpos")
	if err != nil {
		t.Fatal(err)
	}
	d, err := escpos.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	text := d.Text()
	for _, want := range []string{"A007", "居民身份证申领", "3", "09:30", "通川区东城街道便民服务中心"} {
		if !strings.Contains(text, want) {
			t.Errorf("slip lacks %q:\n%s", want, text)
		}
	}
	if qr := d.QRPayloads(); len(qr) != 1 || qr[0] != app.TicketQRPayload("TC01", tk) {
		t.Errorf("QR %v", qr)
	}
	if d.Cuts() != 1 {
		t.Errorf("%d cuts", d.Cuts())
	}
	f, err := os.Open(base + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() < 500 {
		t.Fatalf("preview %v %v", img.Bounds(), err)
	}
	// The visitor switched to English: the slip follows.
	p.lang = func() *ui.Localizer { return ui.NewLocalizer("en") }
	if !strings.Contains(decodeText(t, p, tk, svc), "Resident ID card application") {
		t.Error("English visitor got a slip without the English service name")
	}
}

func decodeText(t *testing.T, p *ticketPrinter, tk app.Ticket, svc app.Service) string {
	t.Helper()
	raw, err := escpos.Encode(p.slip(context.Background(), tk, svc), p.profile)
	if err != nil {
		t.Fatal(err)
	}
	d, err := escpos.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	return d.Text()
}

func TestPrinterTestCommand(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		b, _ := io.ReadAll(c)
		got <- b
	}()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"printer", "test", "--printer", "tcp:" + ln.Addr().String(), "--profile", "58mm"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	d, err := escpos.Decode(<-got)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Text(), "打印机测试") || len(d.QRPayloads()) != 1 || d.Cuts() != 1 {
		t.Fatalf("test slip decoded to %q, QR %v, cuts %d", d.Text(), d.QRPayloads(), d.Cuts())
	}
	if err := run(context.Background(), []string{"printer", "test", "--printer", "lpt1"}, io.Discard, io.Discard); err == nil {
		t.Fatal("bad printer spec accepted")
	}
}

func TestGUIWithoutDisplaySaysSo(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	err := run(context.Background(), []string{"kiosk", "--data", t.TempDir()}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "xvfb-run") {
		t.Fatalf("no display: %v", err)
	}
}
