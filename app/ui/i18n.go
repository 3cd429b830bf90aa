package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"servicehall/app"
	"servicehall/assets"
)

// Languages a screen can speak, in the order a kiosk offers them.
const (
	LangHans = "zh-Hans" // 简体中文, the default
	LangHant = "zh-Hant" // 繁體中文
	LangEN   = "en"      // English
)

// DefaultLang is the language of a screen that is told nothing else.
const DefaultLang = LangHans

// Langs lists the supported languages, default first.
var Langs = []string{LangHans, LangHant, LangEN}

var (
	bundleOnce sync.Once
	bundle     *i18n.Bundle
	bundleErr  error
)

// LocaleFile is the path of a language's message file inside assets.Locales.
func LocaleFile(lang string) string { return "locales/active." + lang + ".toml" }

// loadBundle parses the embedded message files once.
func loadBundle() (*i18n.Bundle, error) {
	bundleOnce.Do(func() {
		b := i18n.NewBundle(language.Make(DefaultLang))
		b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		for _, l := range Langs {
			if _, err := b.LoadMessageFileFS(assets.Locales, LocaleFile(l)); err != nil {
				bundleErr = fmt.Errorf("ui: load %s: %w", LocaleFile(l), err)
				return
			}
		}
		bundle = b
	})
	return bundle, bundleErr
}

// Localizer turns message IDs into text in one language. It is safe for concurrent use.
// A missing message shows as its ID (and TestLocalesComplete fails), never as a crash.
type Localizer struct {
	lang string
	l    *i18n.Localizer
}

// NewLocalizer returns a localizer for lang: "zh-Hans", "zh-Hant" or "en", or any tag
// that resembles one ("zh-CN", "zh_TW", "en-GB"). Anything else gets zh-Hans.
func NewLocalizer(lang string) *Localizer {
	lang = NormalizeLang(lang)
	b, err := loadBundle()
	if err != nil {
		// The files are embedded and tested: this only happens to a broken build.
		panic(err)
	}
	return &Localizer{lang: lang, l: i18n.NewLocalizer(b, lang, DefaultLang)}
}

// NormalizeLang maps a language tag to one of Langs, falling back to DefaultLang.
func NormalizeLang(lang string) string {
	lang = strings.ReplaceAll(strings.TrimSpace(lang), "_", "-")
	if i := strings.IndexAny(lang, ".@"); i >= 0 { // zh_CN.UTF-8
		lang = lang[:i]
	}
	tag, err := language.Parse(lang)
	if err != nil {
		return DefaultLang
	}
	base, _ := tag.Base()
	switch base.String() {
	case "en":
		return LangEN
	case "zh":
		script, _ := tag.Script()
		if script.String() == "Hant" {
			return LangHant
		}
		return LangHans
	}
	return DefaultLang
}

// Lang returns the localizer's language: one of Langs.
func (l *Localizer) Lang() string { return l.lang }

// T returns the message id in the localizer's language.
func (l *Localizer) T(id string) string {
	return l.Tf(id, nil)
}

// Tf returns the message id with data filled into its template ({{.Number}}).
func (l *Localizer) Tf(id string, data map[string]any) string {
	s, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil && s == "" {
		return id
	}
	return s
}

// ErrorText returns a message for people about err in the localizer's language, chosen by
// the error's code (app.EINVALID, app.EUNAVAILABLE, …): never the English message of the
// error itself. It returns "" for nil.
func (l *Localizer) ErrorText(err error) string {
	if err == nil {
		return ""
	}
	code := app.ErrorCode(err)
	if code == app.EINTERNAL && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
		code = app.EUNAVAILABLE
	}
	switch code {
	case app.EINVALID, app.ENOTFOUND, app.ECONFLICT, app.EUNAUTHORIZED, app.EFORBIDDEN,
		app.ETOOLARGE, app.EUNAVAILABLE, app.EINTERNAL:
	default:
		code = app.EINTERNAL
	}
	return l.T("error." + code)
}
