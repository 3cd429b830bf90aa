package pdf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"servicehall/assets"
	"servicehall/printing"
	"servicehall/printing/pdf"
)

func sample(t testing.TB, name string) *printing.Slip {
	t.Helper()
	for _, s := range printing.Samples() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no sample %q", name)
	return nil
}

// poppler runs a poppler-utils tool on a PDF file. The tools are installed by `make deps`
// (poppler-utils); without them the test cannot check the PDF and says why.
func poppler(t *testing.T, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s is not installed (apt-get install poppler-utils, or make deps): cannot check the PDF's text", tool)
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
	return string(out)
}

// infoField is the value of one "Key: value" line of pdfinfo's output.
func infoField(info, key string) string {
	for line := range strings.SplitSeq(info, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && k == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func write(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// squash drops all white space, so text pdftotext split over lines or spaced out still matches.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}

func TestDocumentsTextAndMetadata(t *testing.T) {
	want := map[string][]string{
		printing.DocReceipt: {"受理回执", "天城市通川区政务服务中心", "办件编号", "TC01-20261126-0042", "申请人：张**",
			"5117**********123X", "居民身份证换领", "承诺办结：2026-12-17", "3号窗口", "已收材料", "居民户口簿", "0818-2345678"},
		printing.DocNotice: {"一次性告知书", "需补正材料", "居民户口簿", "户籍所在地公安机关证明", "白底", "办理依据",
			"《中华人民共和国居民身份证法》第十一条", "咨询方式", "通川区西环路1号"},
		printing.DocMaterials:      {"申请材料清单", "承诺时限：15个工作日", "近期免冠彩色照片"},
		printing.DocPreApplication: {"预申请凭条", "TC01-20261126-0042", "138****5678"},
		printing.DocRequest:        {"投诉登记凭条", "TC01-R-0007"},
		printing.DocRatingThanks:   {"感谢您的评价", "非常满意"},
		printing.DocTicket:         {"A001", "前面还有3人"},
		printing.DocTest:           {"打印机测试", "1234567890"},
	}
	for _, doc := range printing.Samples() {
		for _, size := range []pdf.PageSize{pdf.A4, pdf.A5} {
			data, err := pdf.Render(doc, size)
			if err != nil {
				t.Fatalf("%s %s: %v", doc.Name, size.Name, err)
			}
			if !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Fatalf("%s %s: not a PDF: %q", doc.Name, size.Name, data[:min(16, len(data))])
			}
			path := write(t, data)
			text := squash(poppler(t, "pdftotext", "-enc", "UTF-8", path, "-"))
			for _, w := range want[doc.Name] {
				if !strings.Contains(text, squash(w)) {
					t.Errorf("%s %s: %q not in the PDF's text:\n%s", doc.Name, size.Name, w, text)
				}
			}
			for _, clear := range []string{"张三丰", "51170219800101123X", "13812345678"} {
				if strings.Contains(text, clear) {
					t.Errorf("%s %s: %q in clear", doc.Name, size.Name, clear)
				}
			}
			info := poppler(t, "pdfinfo", path)
			for _, w := range []string{"Title:", doc.Title, "Author:", doc.Hall, "Creator:", pdf.Creator,
				"Page size:", map[string]string{"A4": "595.28 x 841.89", "A5": "419.53 x 595.28"}[size.Name]} {
				if !strings.Contains(info, w) {
					t.Errorf("%s %s: pdfinfo lacks %q:\n%s", doc.Name, size.Name, w, info)
				}
			}
			if infoField(info, "Subject") != doc.Title+" · "+doc.Hall || infoField(info, "Title") != doc.Title || infoField(info, "Author") != doc.Hall {
				t.Errorf("%s %s: subject:\n%s", doc.Name, size.Name, info)
			}
		}
	}
}

// The font is embedded as a subset: the whole WenQuanYi face is 4.6 MB (about 3 MB
// compressed), a receipt is well under 200 KB, and pdffonts says the font is embedded.
// (fpdf cuts the glyphs but does not prefix the font's name with a subset tag, so
// pdffonts's "sub" column says no.)
func TestReceiptIsSmallWithAnEmbeddedSubset(t *testing.T) {
	data, err := pdf.Render(sample(t, printing.DocReceipt), pdf.A4)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) >= 200<<10 || len(data) > len(assets.FontRegular)/20 {
		t.Errorf("receipt PDF is %d bytes, want under 200 KB (the font is %d)", len(data), len(assets.FontRegular))
	}
	fonts := poppler(t, "pdffonts", write(t, data))
	lines := strings.Split(strings.TrimSpace(fonts), "\n")
	if len(lines) != 3 { // header, rule, one font
		t.Fatalf("pdffonts:\n%s", fonts)
	}
	// name type encoding emb sub uni object ID: "utf8wqy CID TrueType Identity-H yes no yes 5 0"
	if f := strings.Fields(lines[2]); len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-3] != "yes" {
		t.Errorf("font not embedded with a Unicode map:\n%s", fonts)
	}
	t.Logf("receipt: %d bytes", len(data))
}

// The QR code is an image on the page, and a cut in the middle of a document starts a new page.
func TestQRImageAndPages(t *testing.T) {
	data, err := pdf.Render(sample(t, printing.DocReceipt), pdf.A4)
	if err != nil {
		t.Fatal(err)
	}
	if imgs := poppler(t, "pdfimages", "-list", write(t, data)); strings.Count(imgs, "\n") != 3 {
		t.Errorf("receipt images:\n%s", imgs)
	}
	two := printing.NewSlip("x").Text("第一张", printing.Plain).Cut().Text("第二张", printing.Plain).Cut().Feed(2)
	data, err = pdf.Render(two, pdf.A5)
	if err != nil {
		t.Fatal(err)
	}
	info := poppler(t, "pdfinfo", write(t, data))
	if infoField(info, "Pages") != "2" {
		t.Errorf("two pieces cut apart are not two pages:\n%s", info)
	}
	// A long notice flows onto more pages with their numbers.
	long := printing.NewSlip("long")
	for range 120 {
		long.Text("需补正材料：居民户口簿原件一份，户主页及本人页。", printing.Plain)
	}
	data, err = pdf.Render(long, pdf.A4)
	if err != nil {
		t.Fatal(err)
	}
	path := write(t, data)
	if info := poppler(t, "pdfinfo", path); infoField(info, "Pages") != "3" {
		t.Errorf("120 lines on A4:\n%s", info)
	}
	if text := poppler(t, "pdftotext", "-f", "3", "-l", "3", path, "-"); !strings.Contains(squash(text), "3/3") {
		t.Errorf("page 3 has no page number:\n%s", text)
	}
}

func TestRenderRefuses(t *testing.T) {
	if _, err := pdf.Render(nil, pdf.A4); err == nil {
		t.Error("nil document rendered")
	}
	if _, err := pdf.Render(printing.NewSlip("x").Text("a", printing.Plain), pdf.PageSize{Name: "tiny", Width: 20, Height: 20, Margin: 10, FontSize: 10}); err == nil {
		t.Error("a page without room rendered")
	}
	if _, err := pdf.Render(printing.NewSlip("x").QR(strings.Repeat("x", 3000), printing.QRMedium), pdf.A4); err == nil {
		t.Error("a QR payload too long for a symbol rendered")
	}
	if _, err := pdf.Render(printing.NewSlip("x").Barcode("号码"), pdf.A4); err == nil {
		t.Error("a barcode of Chinese text rendered")
	}
	for in, want := range map[string]pdf.PageSize{"A4": pdf.A4, " a5 ": pdf.A5} {
		if got, err := pdf.ParsePageSize(in); err != nil || got != want {
			t.Errorf("ParsePageSize(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := pdf.ParsePageSize("letter"); err == nil {
		t.Error("letter accepted")
	}
}

// TestWritePDFs writes the acceptance receipt and the one-time notice (A4) and the
// materials list (A5) into $SCREENSHOTS_DIR (relative to the module root when not
// absolute); make screenshots renders them to PNG with pdftoppm.
func TestWritePDFs(t *testing.T) {
	dir := os.Getenv("SCREENSHOTS_DIR")
	if dir == "" {
		t.Skip("SCREENSHOTS_DIR is not set: set it (e.g. SCREENSHOTS_DIR=docs/screenshots) to write pdf-receipt.pdf, pdf-notice.pdf and pdf-materials-a5.pdf")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for file, doc := range map[string]struct {
		name string
		size pdf.PageSize
	}{
		"pdf-receipt.pdf":      {printing.DocReceipt, pdf.A4},
		"pdf-notice.pdf":       {printing.DocNotice, pdf.A4},
		"pdf-materials-a5.pdf": {printing.DocMaterials, pdf.A5},
	} {
		data, err := pdf.Render(sample(t, doc.name), doc.size)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", file, len(data))
	}
}

func BenchmarkReceiptPDF(b *testing.B) {
	doc := sample(b, printing.DocReceipt)
	var n int
	for b.Loop() {
		data, err := pdf.Render(doc, pdf.A4)
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	b.ReportMetric(float64(n), "bytes/pdf")
}
