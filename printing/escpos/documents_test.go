package escpos_test

import (
	"fmt"
	"strings"
	"testing"

	"servicehall/printing"
	"servicehall/printing/escpos"
)

// Every document, for both widths and both text modes, decodes back to exactly the
// laid-out lines, QR payloads, barcodes, feeds and cuts, and its key content is there.
func TestDocumentsRoundTrip(t *testing.T) {
	for _, s := range printing.Samples() {
		for _, p := range profiles {
			t.Run(s.Name+"/"+p.String(), func(t *testing.T) { roundTrip(t, s, p) })
		}
	}
}

func TestDocumentsContent(t *testing.T) {
	want := map[string][]string{
		printing.DocPreApplication: {"预申请凭条", "TC01-20261126-0042", "张**", "5117**********123X", "138****5678", "居民户口簿"},
		printing.DocMaterials:      {"申请材料清单", "居民身份证换领", "15 个工作日", "近期免冠彩色照片", "公安部令第 149 号"},
		printing.DocReceipt:        {"受理回执", "TC01-20261126-0042", "张**", "承诺办结：2026-12-17", "3 号窗口", "已收材料", "天城市通川区政务服务中心"},
		printing.DocNotice:         {"一次性告知书", "居民户口簿", "户籍所在地公安机关证明", "白底", "办理依据", "0818-2345678"},
		printing.DocRequest:        {"投诉登记凭条", "TC01-R-0007", "138****5678", "5 个工作日"},
		printing.DocRatingThanks:   {"感谢您的评价", "★★★★★", "非常满意"},
		printing.DocTicket:         {"A001", "前面还有 3 人"},
		printing.DocTest:           {"打印机测试", "1234567890"},
	}
	never := []string{"张三丰", "51170219800101123X", "13812345678"} // personal data in clear
	for _, s := range printing.Samples() {
		for _, p := range profiles {
			data, err := escpos.Encode(s, p)
			if err != nil {
				t.Fatalf("%s %s: %v", s.Name, p, err)
			}
			d, err := escpos.Decode(data)
			if err != nil {
				t.Fatalf("%s %s: %v", s.Name, p, err)
			}
			// Join lines without their breaks so a wrapped phrase is still found.
			text := strings.ReplaceAll(d.Text(), "\n", "")
			for _, w := range want[s.Name] {
				if !strings.Contains(text, w) {
					t.Errorf("%s %s: %q not printed:\n%s", s.Name, p, w, d.Text())
				}
			}
			for _, n := range never {
				if strings.Contains(text, n) || strings.Contains(strings.Join(d.QRPayloads(), " "), n) {
					t.Errorf("%s %s: %q printed in clear", s.Name, p, n)
				}
			}
			if len(d.QRPayloads()) != 1 || d.Cuts() != 1 {
				t.Errorf("%s %s: QR %q, %d cuts", s.Name, p, d.QRPayloads(), d.Cuts())
			}
			// The tracking number's barcode: on 80 mm; on 58 mm it does not fit and is left off.
			if s.Name == printing.DocReceipt || s.Name == printing.DocPreApplication {
				bc := d.Barcodes()
				if p.Columns == 48 && (len(bc) != 1 || bc[0] != "TC01-20261126-0042") {
					t.Errorf("%s %s: barcodes %q", s.Name, p, bc)
				}
				if p.Columns == 32 && len(bc) != 0 {
					t.Errorf("%s %s: barcode %q on 58 mm", s.Name, p, bc)
				}
				// The number itself is on one line, never broken.
				found := false
				for _, l := range d.Lines() {
					found = found || l.Text == "TC01-20261126-0042"
				}
				if !found {
					t.Errorf("%s %s: tracking number not on a line of its own:\n%s", s.Name, p, d.Text())
				}
			}
		}
	}
}

func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		n    escpos.StatusKind
		b    byte
		want printing.Status
	}{
		{escpos.StatusPrinter, 0x12, printing.Status{Known: true}},
		{escpos.StatusPrinter, 0x16, printing.Status{Known: true}}, // drawer pin high: nothing for us
		{escpos.StatusPrinter, 0x1a, printing.Status{Known: true, Offline: true}},
		{escpos.StatusOffline, 0x16, printing.Status{Known: true, CoverOpen: true, Offline: true}},
		{escpos.StatusOffline, 0x32, printing.Status{Known: true, PaperOut: true, Offline: true}},
		{escpos.StatusOffline, 0x52, printing.Status{Known: true, Error: true, Offline: true}},
		{escpos.StatusPaper, 0x12, printing.Status{Known: true}},
		{escpos.StatusPaper, 0x1e, printing.Status{Known: true, PaperNearEnd: true}},
		{escpos.StatusPaper, 0x72, printing.Status{Known: true, PaperOut: true}},
		{escpos.StatusPaper, 0x7e, printing.Status{Known: true, PaperOut: true, PaperNearEnd: true}},
	} {
		got, err := escpos.ParseStatus(tc.n, tc.b)
		if err != nil || got != tc.want {
			t.Errorf("ParseStatus(%d, 0x%02x) = %+v, %v; want %+v", tc.n, tc.b, got, err, tc.want)
		}
	}
	for _, b := range []byte{0x00, 0x10, 0xff, 0x13, 0x92} {
		if st, err := escpos.ParseStatus(escpos.StatusPaper, b); err == nil {
			t.Errorf("ParseStatus(0x%02x) = %+v: not a status byte", b, st)
		}
	}
	if _, err := escpos.ParseStatus(3, 0x12); err == nil {
		t.Error("DLE EOT 3 accepted")
	}
	// StatusByte is ParseStatus's inverse: a fake printer out of paper reads as out of paper.
	out := printing.Status{Known: true, PaperOut: true, Offline: true}
	var merged printing.Status
	for _, n := range escpos.StatusKinds {
		st, err := escpos.ParseStatus(n, escpos.StatusByte(n, out))
		if err != nil {
			t.Fatal(err)
		}
		merged = merged.Merge(st)
	}
	if merged != out || merged.CanPrint() || merged.String() != "paper_out" {
		t.Errorf("paper out reads back as %+v (%s)", merged, merged)
	}
	if got := string(escpos.StatusRequest(escpos.StatusPaper)); got != "\x10\x04\x04" {
		t.Errorf("StatusRequest = % x", got)
	}
}

func BenchmarkEncodeDocuments(b *testing.B) {
	for _, s := range printing.Samples() {
		b.Run(s.Name, func(b *testing.B) {
			var n int
			for b.Loop() {
				data, err := escpos.Encode(s, escpos.Profile80)
				if err != nil {
					b.Fatal(err)
				}
				n = len(data)
			}
			b.ReportMetric(float64(n), "bytes/slip")
		})
	}
}

// What a printer receives from SendJob: status requests before and after the slip.
func TestDecodeStatusRequests(t *testing.T) {
	data, err := escpos.Encode(printing.Samples()[0], escpos.Profile58)
	if err != nil {
		t.Fatal(err)
	}
	var stream []byte
	for _, n := range escpos.StatusKinds {
		stream = append(stream, escpos.StatusRequest(n)...)
	}
	stream = append(stream, data...)
	stream = append(stream, escpos.StatusRequest(escpos.StatusPaper)...)
	d, err := escpos.Decode(stream)
	if err != nil {
		t.Fatal(err)
	}
	want := []escpos.StatusKind{escpos.StatusPrinter, escpos.StatusOffline, escpos.StatusPaper, escpos.StatusPaper}
	if fmt.Sprint(d.StatusRequests) != fmt.Sprint(want) || !strings.Contains(d.Text(), "A001") || d.Cuts() != 1 {
		t.Errorf("status requests %v, text %q", d.StatusRequests, d.Text())
	}
}
