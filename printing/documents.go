package printing

import (
	"strconv"
	"unicode/utf8"

	"servicehall/app"
)

// Field is one labelled line of a document: "申请人：张*". Label and Value arrive
// translated and formatted by the caller; a field with an empty Value is left off.
type Field struct {
	Label string
	Value string
}

// Line is the field as printed: label and value joined by a full-width colon after a
// Chinese label ("办件编号：TC01-…"), by ": " after any other ("Tracking no.: TC01-…").
// A field without a label is its value alone; an empty value gives "".
func (f Field) Line() string {
	if f.Value == "" {
		return ""
	}
	if f.Label == "" {
		return f.Value
	}
	r, _ := utf8.DecodeLastRuneInString(f.Label)
	if r == '：' || r == ':' {
		return f.Label + f.Value
	}
	if r >= 0x2e80 {
		return f.Label + "：" + f.Value
	}
	return f.Label + ": " + f.Value
}

// Material is one required document of a service as a list prints it. Every string
// arrives translated: Name ("居民身份证"), Detail ("原件 1 份" / "original, 1"), Notes
// ("须在有效期内"). Empty Detail and Notes are left off.
type Material struct {
	Name   string
	Detail string
	Notes  string
}

// Document names (Slip.Name) of the builders; devices and spool folders use them in file
// names.
const (
	DocTicket         = "ticket"
	DocTest           = "test"
	DocPreApplication = "pre-application"
	DocMaterials      = "materials"
	DocReceipt        = "receipt"
	DocNotice         = "notice"
	DocRequest        = "request"
	DocRatingThanks   = "rating-thanks"
)

// DocumentLineSpacing is the line spacing (dots) of the longer documents: a little more
// air than the printer's 30 between the lines of lists and paragraphs.
const DocumentLineSpacing = 34

var (
	heading   = Style{Bold: true}
	titleLine = Style{Align: AlignCenter, Bold: true, Size: SizeDouble}
	hallLine  = Style{Align: AlignCenter, Bold: true}
	bigNumber = Style{Align: AlignCenter, Bold: true, Size: SizeDoubleWidth}
)

// header starts a document: the hall in bold, the title in double size, a rule.
func header(name, hall, title string) *Slip {
	s := NewSlip(name)
	s.Title, s.Hall = title, hall
	s.Text(hall, hallLine)
	s.Text(title, titleLine)
	s.Separator()
	return s
}

// fields appends each non-empty field as a plain line.
func (s *Slip) fields(fs ...Field) *Slip {
	for _, f := range fs {
		s.Text(f.Line(), Plain)
	}
	return s
}

// materials appends a bold heading and the numbered list ("1. 居民身份证  原件 1 份"),
// each material's notes on an indented line below it. Nothing when the list is empty.
func (s *Slip) materials(title string, ms []Material) *Slip {
	if len(ms) == 0 {
		return s
	}
	s.Text(title, heading)
	for i, m := range ms {
		line := strconv.Itoa(i+1) + ". " + m.Name
		if m.Detail != "" {
			line += "  " + m.Detail
		}
		s.Text(line, Plain)
		if m.Notes != "" {
			s.Text("   "+m.Notes, Plain)
		}
	}
	return s
}

// section appends a bold heading and a paragraph, or nothing when the paragraph is empty.
func (s *Slip) section(title, body string) *Slip {
	if body == "" {
		return s
	}
	s.Text(title, heading)
	return s.Text(body, Plain)
}

// trailer ends a document: the QR code and its caption, the footer, a feed and a cut.
func (s *Slip) trailer(qr, caption, footer string) *Slip {
	if qr != "" {
		s.QR(qr, QRMedium)
		s.Text(caption, Centered)
	}
	s.Text(footer, Centered)
	s.Feed(1)
	return s.Cut()
}

// masked returns f with its value masked by mask; an empty value stays empty.
func masked(f Field, mask func(string) string) Field {
	if f.Value != "" {
		f.Value = mask(f.Value)
	}
	return f
}

// PreApplicationData is what a pre-application slip (预申请凭条) shows: the citizen takes
// it to the window. Strings arrive translated; Applicant, ApplicantID and Phone carry
// their values in clear and the builder masks them (app.MaskName, MaskID, MaskPhone).
type PreApplicationData struct {
	Hall           string // the hall's name
	Title          string // "预申请凭条"
	Tracking       Field  // {"办件编号", "TC01-20261126-0042"}: printed large and as a barcode
	Service        Field  // {"申请事项", "居民身份证换领"}
	Applicant      Field  // {"申请人", "张三"} → 张*
	ApplicantID    Field  // {"身份证号", "511702198001011234"} → 5117**********1234
	Phone          Field  // {"联系电话", "13812345678"} → 138****5678
	Submitted      Field  // {"提交时间", "2026-11-26 09:45"}
	MaterialsTitle string // "请携带以下材料到窗口办理"
	Materials      []Material
	QR             string // a link to follow the application
	QRCaption      string // "扫码查询办理进度"
	Footer         string
}

// PreApplicationSlip lays out a pre-application slip: header, the tracking number in
// double width and as a Code128 barcode (left off paper too narrow for it), the service
// and the masked applicant, the materials to bring, a QR code, a footer and a cut.
func PreApplicationSlip(d PreApplicationData) *Slip {
	s := header(DocPreApplication, d.Hall, d.Title)
	s.Text(d.Tracking.Label, Centered)
	s.FitText(d.Tracking.Value, bigNumber)
	s.OptionalBarcode(d.Tracking.Value)
	s.Separator()
	s.fields(d.Service, masked(d.Applicant, app.MaskName), masked(d.ApplicantID, app.MaskID),
		masked(d.Phone, app.MaskPhone), d.Submitted)
	if len(d.Materials) > 0 {
		s.Separator()
		s.materials(d.MaterialsTitle, d.Materials)
	}
	s.Separator()
	return s.trailer(d.QR, d.QRCaption, d.Footer)
}

// MaterialsListData is what a service's materials list (申请材料清单, "print this
// list" at the kiosk) shows. Strings arrive translated.
type MaterialsListData struct {
	Hall           string  // the hall's name
	Title          string  // "申请材料清单"
	Service        string  // the service's name, printed in bold
	Fields         []Field // department, kind, terms, fee, windows: {"承诺时限", "5 个工作日"}
	MaterialsTitle string  // "申请材料"
	Materials      []Material
	BasisTitle     string // "设定依据"
	Basis          string // the legal basis
	QR             string // a link to the guide entry
	QRCaption      string // "扫码查看办事指南"
	Footer         string
}

// MaterialsList lays out a service's materials list: header, the service and its facts,
// the numbered materials with notes, the legal basis, a QR code, a footer and a cut.
func MaterialsList(d MaterialsListData) *Slip {
	s := header(DocMaterials, d.Hall, d.Title)
	s.LineSpacing = DocumentLineSpacing
	s.Text(d.Service, Style{Align: AlignCenter, Bold: true})
	s.fields(d.Fields...)
	s.Separator()
	s.materials(d.MaterialsTitle, d.Materials)
	if d.Basis != "" {
		s.Separator()
		s.section(d.BasisTitle, d.Basis)
	}
	s.Separator()
	return s.trailer(d.QR, d.QRCaption, d.Footer)
}

// ReceiptData is what an acceptance receipt (受理回执) shows. Strings arrive translated
// and formatted (dates in the hall's time zone); Applicant and ApplicantID carry their
// values in clear and the builder masks them.
type ReceiptData struct {
	Hall           string  // the hall's name
	Title          string  // "受理回执"
	Tracking       Field   // {"办件编号", "TC01-20261126-0042"}: large, Code128, and in the QR
	Applicant      Field   // {"申请人", "张三"} → 张*
	ApplicantID    Field   // {"身份证号", "511702198001011234"} → masked
	Service        Field   // {"申请事项", "居民身份证换领"}
	Accepted       Field   // {"受理时间", "2026-11-26 10:02"}
	Promised       Field   // {"承诺办结", "2026-12-03（5 个工作日）"}
	Window         Field   // {"受理窗口", "3 号窗口 · 工号 0301"}
	Extra          []Field // further lines (department, fee…)
	MaterialsTitle string  // "已收材料"
	Materials      []Material
	Contact        Field  // {"咨询电话", "0818-2345678 · 通川区西环路 1 号"}
	QR             string // a link to follow the application
	QRCaption      string // "扫码查询办理进度"
	Footer         string // "请妥善保管本回执，凭回执领取办理结果"
}

// AcceptanceReceipt lays out an acceptance receipt: header, the tracking number large
// and as a Code128 barcode, the masked applicant, service, acceptance time, promised
// completion date and window, the materials received, the contact, a QR code, a footer
// and a cut.
func AcceptanceReceipt(d ReceiptData) *Slip {
	s := header(DocReceipt, d.Hall, d.Title)
	s.Text(d.Tracking.Label, Centered)
	s.FitText(d.Tracking.Value, bigNumber)
	s.OptionalBarcode(d.Tracking.Value)
	s.Separator()
	s.fields(masked(d.Applicant, app.MaskName), masked(d.ApplicantID, app.MaskID), d.Service,
		d.Accepted, d.Promised, d.Window)
	s.fields(d.Extra...)
	if len(d.Materials) > 0 {
		s.Separator()
		s.materials(d.MaterialsTitle, d.Materials)
	}
	s.Separator()
	s.fields(d.Contact)
	return s.trailer(d.QR, d.QRCaption, d.Footer)
}

// NoticeData is what a one-time notice (一次性告知书) shows: every material still
// missing, with its notes, so that one more trip is enough. Strings arrive translated;
// Applicant and ApplicantID carry their values in clear and the builder masks them.
type NoticeData struct {
	Hall         string // the hall's name
	Title        string // "一次性告知书"
	Tracking     Field  // {"办件编号", "TC01-20261126-0042"}; may be empty
	Applicant    Field  // {"申请人", "张三"} → 张*
	ApplicantID  Field  // → masked
	Service      Field  // {"申请事项", "…"}
	Intro        string // "经审查，您申请办理的事项尚缺以下材料，现一次性告知如下："
	MissingTitle string // "需补正材料"
	Missing      []Material
	BasisTitle   string // "办理依据"
	Basis        string // the legal basis
	ContactTitle string // "咨询方式"
	Contact      string // the hall's address, phone and hours
	Date         Field  // {"告知时间", "2026-11-26 10:02"}
	Window       Field  // {"告知窗口", "3 号窗口 · 工号 0301"}
	QR           string // a link to the guide entry or the application
	QRCaption    string
	Footer       string // "补齐材料后请携带本告知书到窗口办理"
}

// OneTimeNotice lays out a one-time notice: header, tracking number, the masked
// applicant and the service, the introduction, every missing material with its notes,
// the legal basis, the hall's contact, date and window, a QR code, a footer and a cut.
func OneTimeNotice(d NoticeData) *Slip {
	s := header(DocNotice, d.Hall, d.Title)
	s.LineSpacing = DocumentLineSpacing
	s.fields(d.Tracking, masked(d.Applicant, app.MaskName), masked(d.ApplicantID, app.MaskID), d.Service)
	s.Separator()
	s.Text(d.Intro, Plain)
	s.materials(d.MissingTitle, d.Missing)
	if d.Basis != "" {
		s.Separator()
		s.section(d.BasisTitle, d.Basis)
	}
	s.Separator()
	s.section(d.ContactTitle, d.Contact)
	s.fields(d.Date, d.Window)
	return s.trailer(d.QR, d.QRCaption, d.Footer)
}

// RequestSlipData is what a consultation, complaint or help-request slip (咨询/投诉/求助
// 登记凭条) shows. Strings arrive translated; Phone carries its value in clear and the
// builder masks it.
type RequestSlipData struct {
	Hall      string // the hall's name
	Title     string // "投诉登记凭条"
	Number    Field  // {"登记编号", "TC01-R-20261126-0007"}: printed large
	Kind      Field  // {"类型", "投诉"}
	Subject   Field  // {"事由", "窗口等候时间过长"}: may wrap over several lines
	Phone     Field  // {"联系电话", "13812345678"} → 138****5678
	Submitted Field  // {"登记时间", "2026-11-26 10:02"}
	Promise   string // "我们将在 5 个工作日内答复您"
	QR        string // a link to follow the request
	QRCaption string
	Footer    string
}

// RequestSlip lays out a request slip: header, the number large, kind, subject, masked
// phone and time, the promise, a QR code, a footer and a cut.
func RequestSlip(d RequestSlipData) *Slip {
	s := header(DocRequest, d.Hall, d.Title)
	s.Text(d.Number.Label, Centered)
	s.FitText(d.Number.Value, bigNumber)
	s.Separator()
	s.fields(d.Kind, d.Subject, masked(d.Phone, app.MaskPhone), d.Submitted)
	s.Text(d.Promise, heading)
	s.Separator()
	return s.trailer(d.QR, d.QRCaption, d.Footer)
}

// RatingThanksData is what the slip thanking a citizen for a rating (评价感谢) shows.
// Strings arrive translated.
type RatingThanksData struct {
	Hall      string  // the hall's name
	Title     string  // "感谢您的评价"
	Stars     int     // 1–5, printed as ★★★★☆; 0 leaves the stars off
	Level     string  // "非常满意"
	Message   string  // "您的评价是我们改进工作的动力"
	Fields    []Field // {"服务窗口", "3 号窗口"}, {"评价时间", "…"}
	QR        string  // a link to the hall's feedback page
	QRCaption string
	Footer    string
}

// RatingThanks lays out a rating-thanks slip: header, the stars in double size and the
// level, the message, the fields, a QR code, a footer and a cut.
func RatingThanks(d RatingThanksData) *Slip {
	s := header(DocRatingThanks, d.Hall, d.Title)
	if n := min(max(d.Stars, 0), 5); n > 0 {
		stars := ""
		for i := range 5 {
			if i < n {
				stars += "★"
			} else {
				stars += "☆"
			}
		}
		s.Text(stars, Style{Align: AlignCenter, Size: SizeDoubleWidth})
	}
	s.Text(d.Level, Style{Align: AlignCenter, Bold: true})
	s.Text(d.Message, Centered)
	s.Separator()
	s.fields(d.Fields...)
	return s.trailer(d.QR, d.QRCaption, d.Footer)
}
