package ui

import (
	"fmt"
	"strconv"

	"servicehall/app"
)

// Texts about services and applications that the kiosk and the counter both show.

// KindText names a service kind: 即办件 or 承诺件.
func KindText(loc *Localizer, k app.ServiceKind) string {
	if k == app.KindOnTheSpot {
		return loc.T("guide.kind.on_the_spot")
	}
	return loc.T("guide.kind.promised")
}

// TermsText says a service's legal and promised terms in working days, or that it is
// finished on the spot.
func TermsText(loc *Localizer, s app.CatalogueService) string {
	if s.Kind == app.KindOnTheSpot {
		return loc.T("guide.terms_on_the_spot")
	}
	return loc.Tf("guide.terms", map[string]any{"Legal": strconv.Itoa(s.LegalDays), "Promised": strconv.Itoa(s.PromisedDays)})
}

// FeeText says a fee in yuan, or that the service is free.
func FeeText(loc *Localizer, fen int64) string {
	if fen <= 0 {
		return loc.T("guide.free")
	}
	return loc.Tf("guide.fee", map[string]any{"Yuan": fmt.Sprintf("%d.%02d", fen/100, fen%100)})
}

// MaterialFormText names how a material is presented: original, copy, or both.
func MaterialFormText(loc *Localizer, form string) string {
	switch form {
	case app.MaterialCopy:
		return loc.T("guide.form.copy")
	case app.MaterialOriginalAndCopy:
		return loc.T("guide.form.original_and_copy")
	}
	return loc.T("guide.form.original")
}

// MaterialText is one material's line: its name in loc's language, form and count.
func MaterialText(loc *Localizer, m app.Material) string {
	return loc.Tf("guide.material_line", map[string]any{
		"Name": Pick(m.Name, m.NameEN, loc.Lang()), "Form": MaterialFormText(loc, m.Form), "Count": strconv.Itoa(m.Count)})
}

// Pick returns en in English when it is not empty, zh otherwise: catalogue texts have
// Chinese and English only.
func Pick(zh, en, lang string) string {
	if lang == LangEN && en != "" {
		return en
	}
	return zh
}

// StatusText names an application status in loc's language.
func StatusText(loc *Localizer, s app.ApplicationStatus) string {
	return loc.T("progress.state." + string(s))
}

// StepText says what one timeline step did.
func StepText(loc *Localizer, s app.Step) string {
	if s.Action == app.StepNotice {
		return loc.T("progress.step.notice")
	}
	return loc.T("progress.step." + string(s.Status))
}

// ProblemText says what is wrong with a field, naming it, in loc's language: chosen by
// the problem's reason code, never its English message.
func ProblemText(loc *Localizer, label string, p app.FieldError) string {
	key := "apply.reason." + p.Reason
	what := loc.T(key)
	if p.Reason == "" || what == key {
		what = loc.T("apply.reason.invalid")
	}
	return loc.Tf("apply.field_error", map[string]any{"Field": label, "Problem": what})
}

// DeadlineText says how an application stands against its promised date, in words: the
// list shows it beside an icon (DeadlineIcon), never by colour alone.
func DeadlineText(loc *Localizer, a app.Application) string {
	switch a.Deadline {
	case app.DeadlineOnTime:
		return loc.Tf("accept.deadline.on_time", map[string]any{"Days": strconv.Itoa(a.DaysLeft)})
	case app.DeadlineDueSoon:
		return loc.Tf("accept.deadline.due_soon", map[string]any{"Days": strconv.Itoa(a.DaysLeft)})
	case app.DeadlineOverdue:
		late := -a.DaysLeft
		if late < 1 {
			late = 1
		}
		return loc.Tf("accept.deadline.overdue", map[string]any{"Days": strconv.Itoa(late)})
	}
	return loc.T("accept.deadline.none")
}

// MaskValue masks a form value of a personal kind for screens: resident ID numbers
// (app.MaskID) and phone numbers (app.MaskPhone); other values show as they are.
func MaskValue(fieldType, v string) string {
	switch fieldType {
	case app.FieldIDNumber:
		return app.MaskID(v)
	case app.FieldPhone:
		return app.MaskPhone(v)
	}
	return v
}
