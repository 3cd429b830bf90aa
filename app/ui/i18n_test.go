package ui_test

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"servicehall/app"
	"servicehall/app/ui"
	"servicehall/assets"
)

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// messages parses one locale file the way the localizer does.
func messages(t *testing.T, lang string) map[string]string {
	t.Helper()
	buf, err := assets.Locales.ReadFile(ui.LocaleFile(lang))
	if err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	f, err := i18n.ParseMessageFileBytes(buf, ui.LocaleFile(lang), map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	out := map[string]string{}
	for _, m := range f.Messages {
		out[m.ID] = m.Other
	}
	return out
}

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestLocalesComplete(t *testing.T) {
	base := messages(t, ui.DefaultLang)
	if len(base) < 40 {
		t.Fatalf("zh-Hans has only %d messages: is the file parsed?", len(base))
	}
	for _, lang := range ui.Langs {
		got := messages(t, lang)
		for id, text := range base {
			tr, ok := got[id]
			switch {
			case !ok:
				t.Errorf("%s lacks %q", lang, id)
			case strings.TrimSpace(tr) == "":
				t.Errorf("%s: %q is empty", lang, id)
			case !slices.Equal(placeholders(tr), placeholders(text)):
				t.Errorf("%s: %q uses %v, zh-Hans uses %v", lang, id, placeholders(tr), placeholders(text))
			}
		}
		for id := range got {
			if _, ok := base[id]; !ok {
				t.Errorf("%s has %q, which zh-Hans lacks", lang, id)
			}
		}
	}
	// Every error code has a message.
	for _, code := range []string{app.EINVALID, app.ENOTFOUND, app.ECONFLICT, app.EUNAUTHORIZED,
		app.EFORBIDDEN, app.ETOOLARGE, app.EUNAVAILABLE, app.EINTERNAL} {
		if _, ok := base["error."+code]; !ok {
			t.Errorf("no message for error code %q", code)
		}
	}
}

func TestLocalizer(t *testing.T) {
	tests := []struct {
		lang, want, call string
	}{
		{"zh-Hans", "zh-Hans", "请 A001 号到 1 号窗口办理"},
		{"zh-CN", "zh-Hans", "请 A001 号到 1 号窗口办理"},
		{"zh_CN.UTF-8", "zh-Hans", "请 A001 号到 1 号窗口办理"},
		{"zh-Hant", "zh-Hant", "請 A001 號到 1 號窗口辦理"},
		{"zh-TW", "zh-Hant", "請 A001 號到 1 號窗口辦理"},
		{"en", "en", "Number A001, please go to window 1"},
		{"en-GB", "en", "Number A001, please go to window 1"},
		{"fr", "zh-Hans", "请 A001 号到 1 号窗口办理"},
		{"", "zh-Hans", "请 A001 号到 1 号窗口办理"},
	}
	for _, tt := range tests {
		l := ui.NewLocalizer(tt.lang)
		if l.Lang() != tt.want {
			t.Errorf("NewLocalizer(%q).Lang() = %q, want %q", tt.lang, l.Lang(), tt.want)
		}
		if got := l.Tf("board.call", map[string]any{"Number": "A001", "Window": 1}); got != tt.call {
			t.Errorf("%s: board.call = %q, want %q", tt.lang, got, tt.call)
		}
	}
	if got := ui.NewLocalizer("zh-Hans").T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want its ID", got)
	}
}

func TestErrorText(t *testing.T) {
	zh, en := ui.NewLocalizer("zh-Hans"), ui.NewLocalizer("en")
	unreachable := fmt.Errorf("issue: %w", app.Errorf(app.EUNAVAILABLE, "dial tcp 127.0.0.1:1: connection refused"))
	if got, want := zh.ErrorText(unreachable), "暂时无法连接大厅服务器，请稍后重试"; got != want {
		t.Errorf("zh unavailable = %q, want %q", got, want)
	}
	if got := en.ErrorText(unreachable); !strings.Contains(got, "cannot be reached") {
		t.Errorf("en unavailable = %q", got)
	}
	if got := zh.ErrorText(app.Errorf(app.ENOTFOUND, "service not found")); got != "未找到相关记录" {
		t.Errorf("zh not found = %q", got)
	}
	// Anything that is not an *app.Error is an internal error: nothing raw reaches the screen.
	if got := zh.ErrorText(errors.New("sql: database is locked")); got != "系统出现问题，请联系工作人员" {
		t.Errorf("zh plain error = %q", got)
	}
	if got := zh.ErrorText(app.Errorf("teapot", "I'm a teapot")); strings.Contains(got, "teapot") || got == "" {
		t.Errorf("zh unknown code = %q", got)
	}
	if got := zh.ErrorText(nil); got != "" {
		t.Errorf("nil = %q", got)
	}
	// No Chinese message is English.
	latin := regexp.MustCompile(`[A-Za-z]{3,}`)
	for id, text := range messages(t, "zh-Hans") {
		if strings.HasPrefix(id, "lang.") {
			continue // language names are shown in their own language
		}
		if m := latin.FindString(placeholder.ReplaceAllString(text, "")); m != "" {
			t.Errorf("zh-Hans %q has English %q: %q", id, m, text)
		}
	}
}
