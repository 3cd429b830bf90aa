package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"servicehall/app"
	"servicehall/app/hub/hubtest"
	"servicehall/app/ui"
	"servicehall/printing/escpos"
)

// TestApplicationDocuments prints a real application's documents as the GUI wires them:
// the kiosk's pre-application slip and materials list through the slip printer (ESC/POS
// with a PNG preview), the counter's one-time notice and receipt as A4 PDF.
func TestApplicationDocuments(t *testing.T) {
	h := hubtest.New(t)
	cl := h.HTTPClient(app.RoleCounter)
	ctx := context.Background()
	a, err := cl.SubmitApplication(ctx, app.ApplicationRequest{ServiceID: app.ServiceID("GA-011"),
		Applicant: app.Applicant{Name: "李四", IDNumber: "11010519491231002X", Phone: "13812345678"},
		Fields:    app.FormValues{"application_type": "first", "travel_purpose": "tourism", "delivery": "window"}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := cl.Service(ctx, a.ServiceID)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	hall := func(context.Context) string { return "测试便民服务中心" }
	data := t.TempDir()
	slipDir := filepath.Join(data, "slips")
	c := guiConfig{Data: data, Printer: "file:" + slipDir + "/", Profile: "80mm", Window: 3, StatusURL: "https://central.example/s/"}
	pr, err := newTicketPrinter(c, ui.NewLocalizer("zh-Hans"), hall, logger)
	if err != nil {
		t.Fatal(err)
	}
	slips := guideSlips{pr}
	if err := slips.PrintApplication(ctx, a, s); err != nil {
		t.Fatal(err)
	}
	if err := slips.PrintMaterials(ctx, s); err != nil {
		t.Fatal(err)
	}
	// The slip's QR opens central's status page for this application.
	if e, _ := filepath.Glob(filepath.Join(slipDir, "pre-application-"+a.TrackingNo+"*.escpos")); len(e) == 1 {
		raw, _ := os.ReadFile(e[0])
		d, err := escpos.Decode(raw)
		if err != nil || len(d.QRPayloads()) != 1 || d.QRPayloads()[0] != "https://central.example/s/"+a.TrackingNo {
			t.Errorf("pre-application QR %v (%v), want the status page link", d.QRPayloads(), err)
		}
	}
	for _, prefix := range []string{"pre-application-" + a.TrackingNo, "materials-GA-011-"} {
		m, _ := filepath.Glob(filepath.Join(slipDir, prefix+"*.png"))
		e, _ := filepath.Glob(filepath.Join(slipDir, prefix+"*.escpos"))
		if len(m) != 1 || len(e) != 1 {
			t.Errorf("%s: previews %v, slips %v", prefix, m, e)
		}
	}

	docs, err := newCounterDocs(c, ui.NewLocalizer("zh-Hans"), hall, logger)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cl.AcceptApplication(ctx, a.TrackingNo, app.AcceptRequest{Received: []int{0, 1}, Window: 3})
	if err != nil || res.Complete() {
		t.Fatalf("accept with one missing: %+v, %v", res, err)
	}
	if err := docs.PrintNotice(ctx, res.Application, s, res.Missing); err != nil {
		t.Fatal(err)
	}
	res, err = cl.AcceptApplication(ctx, a.TrackingNo, app.AcceptRequest{Received: []int{0, 1, 2}, Window: 3})
	if err != nil || !res.Complete() {
		t.Fatalf("accept complete: %+v, %v", res, err)
	}
	if err := docs.PrintReceipt(ctx, res.Application, s); err != nil {
		t.Fatal(err)
	}
	pdfs, _ := filepath.Glob(filepath.Join(data, "prints", "*.pdf"))
	if len(pdfs) != 2 {
		t.Fatalf("PDFs %v, want a notice and a receipt", pdfs)
	}
	var all string
	for _, p := range pdfs {
		out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v (install poppler-utils)", p, err)
		}
		all += string(out)
	}
	for _, want := range []string{"一次性告知书", "受理回执", a.TrackingNo, "单位出具的同意出境意见", "承诺办结", res.Application.PromisedDate + "（7 个工作日）", "3 号窗口", "1101**********002X"} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDFs lack %q", want)
		}
	}
	if strings.Contains(all, "11010519491231002X") || strings.Contains(all, "13812345678") {
		t.Error("a PDF shows personal data in clear")
	}
	if os.Getenv("SCREENSHOTS_DIR") != "" {
		for _, p := range pdfs {
			b, _ := os.ReadFile(p)
			_ = os.WriteFile(filepath.Join(os.Getenv("SCREENSHOTS_DIR"), "doc-"+filepath.Base(p)), b, 0o644)
		}
	}
}
