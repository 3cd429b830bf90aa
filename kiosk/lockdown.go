package kiosk

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"servicehall/app/ui"
)

// Screens of the lockdown's maintenance, as Screen reports them.
const (
	ScreenPIN         = "pin"         // the admin PIN, after the hidden gesture
	ScreenMaintenance = "maintenance" // printer test, paper status, link, restart, exit
)

// The hidden gesture: GestureTaps taps on the header's clock (the top-right corner)
// within GestureWindow open the admin PIN screen.
const (
	GestureTaps   = 5
	GestureWindow = 3 * time.Second
	// MaxPIN caps the admin PIN's length in digits.
	MaxPIN = 12
	// pinIterations is PBKDF2-SHA256's work factor for the stored PIN hash.
	pinIterations = 100_000
)

// PaperStatus is what a slip printer answered about its paper (DLE EOT).
type PaperStatus struct {
	Known        bool // the printer answered (tcp: and dev: printers only)
	Offline      bool
	PaperOut     bool
	PaperNearEnd bool
	CoverOpen    bool
	Error        bool
}

// Maintenance configures the lockdown's maintenance panel. A zero PINHash disables it:
// the hidden gesture then does nothing.
type Maintenance struct {
	// PINHash is HashPIN of the admin PIN; the PIN itself is never kept.
	PINHash string
	// PrinterTest prints a test slip; nil hides the button.
	PrinterTest func(ctx context.Context) error
	// PaperStatus asks the slip printer for its status; nil hides the button.
	PaperStatus func(ctx context.Context) (PaperStatus, error)
	// Exit quits the program (the only way out of a locked-down kiosk); nil hides it.
	Exit func()
}

// HashPIN returns the stored form of an admin PIN: "pbkdf2-sha256$ITER$SALT$KEY" with
// a random salt.
func HashPIN(pin string) (string, error) {
	if pin == "" || len(pin) > MaxPIN || strings.Trim(pin, "0123456789") != "" {
		return "", fmt.Errorf("the admin PIN is 1 to %d digits", MaxPIN)
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := pbkdf2.Key(sha256.New, pin, salt, pinIterations, 32)
	if err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return "pbkdf2-sha256$" + strconv.Itoa(pinIterations) + "$" + enc.EncodeToString(salt) + "$" + enc.EncodeToString(key), nil
}

// CheckPIN reports whether pin matches a HashPIN hash, in constant time.
func CheckPIN(hash, pin string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" || pin == "" {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[2])
	want, err2 := enc.DecodeString(parts[3])
	if err := errors.Join(err1, err2); err != nil || len(want) == 0 {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, pin, salt, iter, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}

// LockWindow is what Lockdown needs of a window (fyne.Window has it all).
type LockWindow interface {
	SetFullScreen(bool)
	SetCloseIntercept(func())
	Canvas() fyne.Canvas
}

// Keys and shortcuts a locked-down kiosk swallows: nothing typed leaves the kiosk. A
// focused entry (a barcode scanner typing into the progress box) still gets its keys.
var (
	blockedKeys      = map[fyne.KeyName]bool{fyne.KeyEscape: true, fyne.KeyF4: true, fyne.KeyF11: true}
	blockedShortcuts = []fyne.Shortcut{
		&desktop.CustomShortcut{KeyName: fyne.KeyF4, Modifier: fyne.KeyModifierAlt},
		&desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierControl},
		&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierControl},
		&desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierSuper},
		&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierSuper},
		&desktop.CustomShortcut{KeyName: fyne.KeyEscape, Modifier: fyne.KeyModifierAlt},
		&desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: fyne.KeyModifierAlt},
	}
)

// Lockdown makes w the kiosk's only face: full screen without decorations, a close
// request (window button, Alt+F4 through the window manager) ignored, exit shortcuts
// swallowed. Call it after the window's content is set; only the maintenance panel's exit
// (Maintenance.Exit) leaves.
func (k *Kiosk) Lockdown(w LockWindow) {
	w.SetFullScreen(true)
	w.SetCloseIntercept(k.closeRequested)
	c := w.Canvas()
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if blockedKeys[ev.Name] {
			return
		}
		if prev != nil {
			prev(ev)
		}
	})
	for _, sc := range blockedShortcuts {
		c.AddShortcut(sc, func(fyne.Shortcut) {})
	}
	k.g.Lock()
	k.sx.lk.locked = true
	k.g.Unlock()
}

// closeRequested is the window's close intercept: a locked-down kiosk stays.
func (k *Kiosk) closeRequested() {
	k.g.Lock()
	defer k.g.Unlock()
	k.sx.lk.closeTries++
}

// CloseRequests returns how many close requests a locked-down kiosk has ignored.
func (k *Kiosk) CloseRequests() int {
	var n int
	k.read(func() { n = k.sx.lk.closeTries })
	return n
}

// lockdown holds the hidden gesture, the PIN screen and the maintenance panel.
type lockdown struct {
	k          *Kiosk
	s          *sessionUI
	locked     bool
	closeTries int
	taps       []time.Time

	pinObj   fyne.CanvasObject
	pinTitle *widget.Label
	pinHint  *widget.Label
	pin      *widget.Label // a dot per digit typed; the digits stay in pinVal only
	pinVal   string
	pinOK    *widget.Button
	pinBack  *widget.Button
	pinPad   *keypad

	panelObj  fyne.CanvasObject
	panTitle  *widget.Label
	panLink   *widget.Label
	panStatus *widget.Label
	testBtn   *widget.Button
	paperBtn  *widget.Button
	restart   *widget.Button
	exit      *widget.Button
	panBack   *widget.Button
	seq       int
}

func newLockdown(k *Kiosk, s *sessionUI) *lockdown {
	l := &lockdown{k: k, s: s}
	var backObj fyne.CanvasObject
	l.pinBack, backObj = backButton(k.GoHome)
	l.pinTitle = heading(theme.SizeNameHeadingText)
	l.pinHint = wrapped(theme.SizeNameText)
	l.pin = heading(theme.SizeNameHeadingText)
	l.pinOK = widget.NewButtonWithIcon("", theme.ConfirmIcon(), l.submit)
	l.pinOK.Importance = widget.HighImportance
	l.pinPad = newDigitPad(l.key)
	l.pinPad.keys["X"].Disable()
	box := container.NewBorder(nil, nil, nil, ui.WithMinSize(l.pinOK, 200, ButtonHeight), ui.WithHeight(l.pin, ButtonHeight))

	l.pinObj = container.NewThemeOverride(container.NewBorder(
		container.NewVBox(topBar(backObj, l.pinTitle), box, l.pinHint), nil, nil, nil,
		container.NewCenter(ui.WithMinSize(l.pinPad.obj, 420, 0))), touchTheme{s.theme})

	var back2 fyne.CanvasObject
	l.panBack, back2 = backButton(k.GoHome)
	l.panTitle = heading(theme.SizeNameHeadingText)
	l.panLink = wrapped(theme.SizeNameSubHeadingText)
	l.panStatus = wrapped(theme.SizeNameSubHeadingText)
	l.panStatus.TextStyle.Bold = true
	l.testBtn = widget.NewButtonWithIcon("", theme.DocumentPrintIcon(), l.printerTest)
	l.paperBtn = widget.NewButtonWithIcon("", theme.InfoIcon(), l.paperStatus)
	l.restart = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), l.restartKiosk)
	l.exit = widget.NewButtonWithIcon("", theme.LogoutIcon(), l.exitKiosk)
	l.exit.Importance = widget.DangerImportance
	m := k.opts.Maintenance
	if m.PrinterTest == nil {
		l.testBtn.Hide()
	}
	if m.PaperStatus == nil {
		l.paperBtn.Hide()
	}
	if m.Exit == nil {
		l.exit.Hide()
	}
	grid := container.NewGridWithColumns(2)
	for _, b := range []*widget.Button{l.testBtn, l.paperBtn, l.restart, l.exit} {
		grid.Add(ui.WithHeight(b, TileHeight))
	}
	l.panelObj = container.NewThemeOverride(container.NewBorder(topBar(back2, l.panTitle), nil, nil, nil,
		container.NewVScroll(container.NewVBox(l.panLink, grid, l.panStatus))), touchTheme{s.theme})
	return l
}

// cornerTap is a tap on the header's clock: the GestureTaps-th within GestureWindow opens
// the PIN screen, when maintenance has a PIN.
func (l *lockdown) cornerTap() {
	k := l.k
	k.g.Lock()
	defer k.g.Unlock()
	if k.opts.Maintenance.PINHash == "" || k.screen == ScreenPIN || k.screen == ScreenMaintenance {
		return
	}
	now := l.s.now()
	kept := l.taps[:0]
	for _, t := range l.taps {
		if now.Sub(t) < GestureWindow {
			kept = append(kept, t)
		}
	}
	l.taps = append(kept, now)
	if len(l.taps) < GestureTaps {
		return
	}
	l.taps = l.taps[:0]
	k.goHome()
	l.setPIN("")
	l.showPIN()
}

func (l *lockdown) showPIN() {
	k := l.k
	k.gen++
	k.screen = ScreenPIN
	k.body.Objects = []fyne.CanvasObject{l.pinObj}
	restyle(l.pinObj)
	k.body.Refresh()
	l.retext()
	k.sx.activity()
}

// key types a digit of the PIN.
func (l *lockdown) key(key string) {
	l.k.g.Lock()
	defer l.k.g.Unlock()
	if l.k.screen != ScreenPIN {
		return
	}
	l.k.sx.activity()
	l.setPIN(press(l.pinVal, key, MaxPIN))
}

func (l *lockdown) setPIN(v string) {
	l.pinVal = v
	if v == "" {
		l.pin.SetText(l.k.loc.T("lockdown.pin_placeholder"))
		l.pin.TextStyle.Bold = false
	} else {
		l.pin.SetText(strings.Repeat("● ", len(v)))
		l.pin.TextStyle.Bold = true
	}
}

// submit checks the PIN: the right one opens the panel; a wrong one returns home and
// says nothing of why.
func (l *lockdown) submit() {
	k := l.k
	k.g.Lock()
	defer k.g.Unlock()
	if k.screen != ScreenPIN {
		return
	}
	ok := CheckPIN(k.opts.Maintenance.PINHash, l.pinVal)
	l.setPIN("")
	if !ok {
		k.goHome()
		k.sx.activity()
		return
	}
	k.gen++
	k.screen = ScreenMaintenance
	setStatus(l.panStatus, "", widget.MediumImportance)
	k.body.Objects = []fyne.CanvasObject{l.panelObj}
	restyle(l.panelObj)
	k.body.Refresh()
	l.retext()
	k.sx.activity()
}

// run runs a maintenance action in the background and shows its outcome.
func (l *lockdown) run(do func(ctx context.Context) string) {
	k := l.k
	k.g.Lock()
	defer k.g.Unlock()
	if k.screen != ScreenMaintenance {
		return
	}
	k.sx.activity()
	setStatus(l.panStatus, k.loc.T("lockdown.working"), widget.MediumImportance)
	l.seq++
	seq := l.seq
	go func() {
		ctx, cancel := context.WithTimeout(k.scope.Context(), DefaultPrintTimeout)
		defer cancel()
		text := do(ctx)
		k.g.Do(func() {
			if seq == l.seq && k.screen == ScreenMaintenance {
				setStatus(l.panStatus, text, widget.MediumImportance)
			}
		})
	}()
}

func (l *lockdown) printerTest() {
	pt := l.k.opts.Maintenance.PrinterTest
	if pt == nil {
		return
	}
	l.run(func(ctx context.Context) string {
		loc := l.k.Localizer()
		if err := pt(ctx); err != nil {
			return loc.Tf("lockdown.test_failed", map[string]any{"Error": err.Error()})
		}
		return loc.T("lockdown.test_ok")
	})
}

func (l *lockdown) paperStatus() {
	ps := l.k.opts.Maintenance.PaperStatus
	if ps == nil {
		return
	}
	l.run(func(ctx context.Context) string {
		loc := l.k.Localizer()
		st, err := ps(ctx)
		if err != nil {
			return loc.Tf("lockdown.test_failed", map[string]any{"Error": err.Error()})
		}
		return PaperText(loc, st)
	})
}

// PaperText says a printer's paper status in loc's language.
func PaperText(loc *ui.Localizer, st PaperStatus) string {
	if !st.Known {
		return loc.T("lockdown.paper_unknown")
	}
	var parts []string
	for _, p := range []struct {
		on  bool
		key string
	}{{st.PaperOut, "paper_out"}, {st.PaperNearEnd, "paper_near_end"}, {st.CoverOpen, "cover_open"}, {st.Offline, "offline"}, {st.Error, "printer_error"}} {
		if p.on {
			parts = append(parts, loc.T("lockdown."+p.key))
		}
	}
	if len(parts) == 0 {
		return loc.T("lockdown.paper_ok")
	}
	return strings.Join(parts, loc.T("guide.list_sep"))
}

// restartKiosk ends any session and loads the catalogue again.
func (l *lockdown) restartKiosk() {
	k := l.k
	k.g.Lock()
	if k.screen != ScreenMaintenance {
		k.g.Unlock()
		return
	}
	k.endSession()
	k.loaded, k.loadErr, k.empty = false, nil, false
	k.showMessage()
	k.g.Unlock()
	go k.reload() // the hall's name, link and catalogue, as at start
}

func (l *lockdown) exitKiosk() {
	k := l.k
	k.g.Lock()
	ok := k.screen == ScreenMaintenance
	exit := k.opts.Maintenance.Exit
	if ok {
		k.endSession()
	}
	k.g.Unlock()
	if ok && exit != nil {
		exit()
	}
}

// reset closes the PIN screen and the panel's state.
func (l *lockdown) reset() {
	l.seq++
	l.taps = l.taps[:0]
	l.setPIN("")
	setStatus(l.panStatus, "", widget.MediumImportance)
}

func (l *lockdown) retext() {
	loc := l.k.loc
	l.pinBack.SetText(loc.T("guide.back_home"))
	l.pinTitle.SetText(loc.T("lockdown.pin_title"))
	l.pinHint.SetText(loc.T("lockdown.pin_hint"))
	l.setPIN(l.pinVal)
	l.pinOK.SetText(loc.T("lockdown.ok"))
	l.pinPad.retext(loc)
	l.panBack.SetText(loc.T("guide.back_home"))
	l.panTitle.SetText(loc.T("lockdown.title"))
	l.panLink.SetText(loc.Tf("lockdown.link", map[string]any{"State": l.k.link.Text()}))
	l.testBtn.SetText(loc.T("lockdown.printer_test"))
	l.paperBtn.SetText(loc.T("lockdown.paper"))
	l.restart.SetText(loc.T("lockdown.restart"))
	l.exit.SetText(loc.T("lockdown.exit"))
}

// SetMaintenance sets what the maintenance panel does (Options.Maintenance), for a
// kiosk built before its window.
func (k *Kiosk) SetMaintenance(m Maintenance) {
	k.g.Lock()
	defer k.g.Unlock()
	k.opts.Maintenance = m
	l := k.sx.lk
	for _, b := range []struct {
		btn *widget.Button
		on  bool
	}{{l.testBtn, m.PrinterTest != nil}, {l.paperBtn, m.PaperStatus != nil}, {l.exit, m.Exit != nil}} {
		if b.on {
			b.btn.Show()
		} else {
			b.btn.Hide()
		}
	}
}
