package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestContrastRatio(t *testing.T) {
	for _, c := range []struct {
		fg, bg color.Color
		want   float64
	}{
		{color.Black, color.White, 21},
		{color.White, color.White, 1},
		{color.NRGBA{0x77, 0x77, 0x77, 0xff}, color.White, 4.48}, // the classic just-failing grey
		{PrimaryColor, color.White, 6.3},                         // as theme.go says
		{color.NRGBA{0, 0, 0, 0x80}, color.White, 4.0},           // half-transparent black is #7f7f7f
	} {
		if got := ContrastRatio(c.fg, c.bg); math.Abs(got-c.want) > 0.05 {
			t.Errorf("ContrastRatio(%v, %v) = %.2f, want %.2f", c.fg, c.bg, got, c.want)
		}
	}
}

// TestKioskThemeColours: every text colour the kiosk theme gives reaches 4.5:1 on the
// backgrounds it is drawn on, in both modes.
func TestKioskThemeColours(t *testing.T) {
	for _, elder := range []bool{false, true} {
		th := NewKioskTheme(elder)
		v := theme.VariantLight
		c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
		pairs := []struct {
			what   string
			fg, bg fyne.ThemeColorName
		}{
			{"text", theme.ColorNameForeground, theme.ColorNameBackground},
			{"button text", theme.ColorNameForeground, theme.ColorNameButton},
			{"entry text", theme.ColorNameForeground, theme.ColorNameInputBackground},
			{"placeholder", theme.ColorNamePlaceHolder, theme.ColorNameInputBackground},
			{"disabled button", theme.ColorNameDisabled, theme.ColorNameDisabledButton},
			{"disabled text", theme.ColorNameDisabled, theme.ColorNameBackground},
			{"primary button", theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
			{"success text", theme.ColorNameSuccess, theme.ColorNameBackground},
			{"warning text", theme.ColorNameWarning, theme.ColorNameBackground},
			{"error text", theme.ColorNameError, theme.ColorNameBackground},
			{"link", theme.ColorNameHyperlink, theme.ColorNameBackground},
		}
		for _, p := range pairs {
			if r := ContrastRatio(c(p.fg), c(p.bg)); r < MinContrast {
				t.Errorf("elder=%v: %s %.2f:1, want ≥ %.1f", elder, p.what, r, MinContrast)
			}
		}
	}
}

// TestElderSizes: elder mode's body text, headings and line pitch meet their minimums,
// measured with the font it draws.
func TestElderSizes(t *testing.T) {
	a := test.NewTempApp(t)
	th := NewKioskTheme(true)
	a.Settings().SetTheme(th)
	if s := th.Size(theme.SizeNameText); s < ElderMinText {
		t.Errorf("body text %v", s)
	}
	if s := th.Size(theme.SizeNameCaptionText); s < ElderMinText {
		t.Errorf("caption text %v", s)
	}
	if s := th.Size(theme.SizeNameHeadingText); s < ElderMinHeading {
		t.Errorf("heading %v", s)
	}
	for _, n := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameSubHeadingText, theme.SizeNameHeadingText} {
		size := th.Size(n)
		h := fyne.MeasureText("国Ag", size, fyne.TextStyle{}).Height
		if h/size < ElderMinLineSpacing {
			t.Errorf("%s: line pitch %.2f × the text size, want ≥ %.2f", n, h/size, ElderMinLineSpacing)
		}
	}
	if NewKioskTheme(false).Size(theme.SizeNameText) != theme.DefaultTheme().Size(theme.SizeNameText) {
		t.Error("normal mode changed the body size")
	}
}
