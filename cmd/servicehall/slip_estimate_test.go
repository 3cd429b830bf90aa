package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"servicehall/app"
	"servicehall/app/ui"
)

// TestTicketSlipCarriesEstimate: the slip prints "前面还有 N 人，预计等候 M 分钟" from the
// ticket's own estimate, and no minutes when nobody waits ahead.
func TestTicketSlipCarriesEstimate(t *testing.T) {
	hall := func(context.Context) string { return "测试便民服务中心" }
	p, err := newTicketPrinter(guiConfig{Printer: "file:" + t.TempDir() + "/", Profile: "80mm"}, ui.NewLocalizer("zh-Hans"),
		hall, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	tk := app.Ticket{ID: "0193aaaa-bbbb-7ccc-8ddd-eeeeffff0002", Number: "A009", Hall: "TC01", Day: "2026-11-26",
		WaitingAhead: 4, EstimatedWaitMin: 12, IssuedAt: time.Date(2026, 11, 26, 1, 30, 0, 0, time.UTC)}
	svc := app.Service{Name: "居民身份证申领", NameEN: "Resident ID card application"}
	if text := decodeText(t, p, tk, svc); !strings.Contains(text, "前面还有 4 人，预计等候 12 分钟") {
		t.Errorf("slip lacks the estimate:\n%s", text)
	}
	tk.WaitingAhead, tk.EstimatedWaitMin = 0, 0
	if text := decodeText(t, p, tk, svc); !strings.Contains(text, "前面还有 0 人") || strings.Contains(text, "分钟") {
		t.Errorf("nobody ahead:\n%s", text)
	}
	p.lang = func() *ui.Localizer { return ui.NewLocalizer("en") }
	tk.WaitingAhead, tk.EstimatedWaitMin = 2, 7
	if text := decodeText(t, p, tk, svc); !strings.Contains(text, "2 ahead of you, about 7 min") {
		t.Errorf("English slip lacks the estimate:\n%s", text)
	}
}
