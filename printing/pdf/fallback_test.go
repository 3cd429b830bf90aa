package pdf_test

import (
	"os"
	"strings"
	"testing"

	"servicehall/printing"
	"servicehall/printing/pdf"
)

func receipt(name string) *printing.Slip {
	return printing.AcceptanceReceipt(printing.ReceiptData{
		Hall:        "天城市通川区政务服务中心",
		Title:       "受理回执",
		Tracking:    printing.Field{Label: "办件编号", Value: "TC01-20261126-0042"},
		Applicant:   printing.Field{Label: "申请人", Value: name},
		ApplicantID: printing.Field{Label: "身份证号", Value: "51170219800101123X"},
		Service:     printing.Field{Label: "申请事项", Value: "居民身份证换领"},
	})
}

// 𠮷 (U+20BB7), which the bundled font lacks, is drawn from HanaMinB and extracts as 𠮷.
func TestRareCharacterInPDF(t *testing.T) {
	if _, err := os.Stat("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"); err != nil {
		t.Skip("HanaMinB.ttf (Debian fonts-hanazono, installed by make deps) is absent: no fallback font for 𠮷")
	}
	plain, err := pdf.Render(receipt("张田"), pdf.A4)
	if err != nil {
		t.Fatal(err)
	}
	rare, err := pdf.Render(receipt("𠮷田"), pdf.A4)
	if err != nil {
		t.Fatal(err)
	}
	text := squash(poppler(t, "pdftotext", "-enc", "UTF-8", write(t, rare), "-"))
	if !strings.Contains(text, "𠮷") {
		t.Errorf("pdftotext does not find 𠮷:\n%s", text)
	}
	if len(rare) > len(plain)+8<<10 {
		t.Errorf("receipt with 𠮷 is %d bytes, without %d", len(rare), len(plain))
	}
	t.Logf("receipt: %d bytes with 张田, %d bytes with 𠮷田", len(plain), len(rare))
	if dir := os.Getenv("SCREENSHOTS_DIR"); dir != "" {
		_ = os.WriteFile(dir+"/receipt-rare-name.pdf", rare, 0o644)
	}
}
