package printing

import (
	"strings"
	"testing"
)

func TestFieldLine(t *testing.T) {
	for f, want := range map[Field]string{
		{"办件编号", "TC01-20261126-0042"}: "办件编号：TC01-20261126-0042",
		{"Tracking no.", "TC01"}:       "Tracking no.: TC01",
		{"申请人：", "张*"}:                 "申请人：张*",
		{"", "only the value"}:         "only the value",
		{"申请人", ""}:                    "",
	} {
		if got := f.Line(); got != want {
			t.Errorf("%+v.Line() = %q, want %q", f, got, want)
		}
	}
}

// Builders mask personal data whatever the caller passes, and leave empty fields off.
func TestBuildersMaskPersonalData(t *testing.T) {
	s := AcceptanceReceipt(ReceiptData{Title: "受理回执", Applicant: Field{"申请人", "欧阳娜娜"},
		ApplicantID: Field{"身份证号", "51170219800101123X"}, Tracking: Field{"办件编号", "TC01-20261126-0042"}})
	r := RequestSlip(RequestSlipData{Phone: Field{"联系电话", "13812345678"}})
	p := PreApplicationSlip(PreApplicationData{Applicant: Field{"申请人", "张三"}, Phone: Field{"电话", "13912345678"}})
	var text strings.Builder
	for _, sl := range []*Slip{s, r, p} {
		for _, b := range sl.Layout(48) {
			text.WriteString(b.Text + "\n")
		}
	}
	for _, clear := range []string{"欧阳娜娜", "51170219800101123X", "13812345678", "张三", "13912345678"} {
		if strings.Contains(text.String(), clear) {
			t.Errorf("%q printed in clear:\n%s", clear, text.String())
		}
	}
	for _, masked := range []string{"申请人：欧***", "身份证号：5117**********123X", "联系电话：138****5678", "申请人：张*"} {
		if !strings.Contains(text.String(), masked) {
			t.Errorf("%q missing:\n%s", masked, text.String())
		}
	}
	if strings.Contains(text.String(), "受理时间") || s.Title != "受理回执" || s.Name != DocReceipt {
		t.Errorf("empty field printed or metadata wrong: %q %q", s.Title, s.Name)
	}
}

// The tracking number: double width where it fits on one line (80 mm), normal width
// where it would wrap (58 mm); its barcode on 80 mm, left off on 58 mm.
func TestFitTextAndOptionalBarcode(t *testing.T) {
	s := NewSlip("x").FitText("TC01-20261126-0042", Style{Align: AlignCenter, Size: SizeDouble}).OptionalBarcode("TC01-20261126-0042")
	wide, narrow := s.Layout(48), s.Layout(32)
	if len(wide) != 2 || wide[0].Style.Size != SizeDouble || wide[1].Kind != KindBarcode {
		t.Errorf("80 mm: %+v", wide)
	}
	if len(narrow) != 1 || narrow[0].Text != "TC01-20261126-0042" || narrow[0].Style.Size != SizeDoubleHeight {
		t.Errorf("58 mm: %+v", narrow)
	}
	// A required barcode stays, and the encoder reports it does not fit.
	if b := NewSlip("x").Barcode("TC01-20261126-0042").Layout(32); len(b) != 1 || b[0].Kind != KindBarcode {
		t.Errorf("required barcode %+v", b)
	}
}

func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		st     Status
		can    bool
		faults string
	}{
		{Status{}, true, "unknown"},
		{Status{Known: true}, true, "ok"},
		{Status{Known: true, PaperNearEnd: true}, true, "paper_near_end"},
		{Status{Known: true, PaperOut: true, Offline: true}, false, "paper_out"},
		{Status{Known: true, CoverOpen: true, Offline: true, PaperNearEnd: true}, false, "cover_open+paper_near_end"},
		{Status{Known: true, Offline: true}, false, "offline"},
		{Status{Known: true, Error: true, Offline: true}, false, "error"},
	} {
		if tc.st.CanPrint() != tc.can || tc.st.String() != tc.faults {
			t.Errorf("%+v: CanPrint %v, %q; want %v, %q", tc.st, tc.st.CanPrint(), tc.st.String(), tc.can, tc.faults)
		}
	}
	if m := (Status{}).Merge(Status{Known: true, PaperOut: true}); !m.PaperOut || !m.Known {
		t.Errorf("merge into unknown: %+v", m)
	}
	if m := (Status{Known: true, CoverOpen: true}).Merge(Status{}); !m.CoverOpen {
		t.Errorf("merge with unknown: %+v", m)
	}
}

func TestSamplesAreEveryDocument(t *testing.T) {
	var names []string
	for _, s := range Samples() {
		names = append(names, s.Name)
		if s.Title == "" || s.Hall == "" {
			t.Errorf("%s: title %q, hall %q", s.Name, s.Title, s.Hall)
		}
	}
	want := []string{DocTicket, DocPreApplication, DocMaterials, DocReceipt, DocNotice, DocRequest, DocRatingThanks, DocTest}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("samples %q, want %q", names, want)
	}
}
