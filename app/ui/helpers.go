package ui

import (
	"context"
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"servicehall/app"
)

// DefaultRequestTimeout bounds one request a screen makes to its hub.
const DefaultRequestTimeout = 10 * time.Second

// ServiceName is a service's name in lang: the English name in English when the catalogue
// has one, the Chinese name otherwise (the catalogue carries no traditional-script names).
func ServiceName(s app.Service, lang string) string {
	if lang == LangEN && s.NameEN != "" {
		return s.NameEN
	}
	return s.Name
}

// WithHeight stacks obj over an invisible spacer so it is at least h tall: touch targets
// on a kiosk are 60 units or more.
func WithHeight(obj fyne.CanvasObject, h float32) *fyne.Container {
	return WithMinSize(obj, 0, h)
}

// WithMinSize stacks obj over an invisible spacer so it is at least w wide and h tall.
func WithMinSize(obj fyne.CanvasObject, w, h float32) *fyne.Container {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, h))
	return container.NewStack(r, obj)
}

// VCenter centres obj vertically in the height it is given, keeping its full width (a
// wrapped label in container.NewCenter would shrink to one character per line).
func VCenter(obj fyne.CanvasObject) *fyne.Container {
	return container.NewVBox(layout.NewSpacer(), obj, layout.NewSpacer())
}

// Guard serialises a screen's access to its widgets. Fyne's real drivers run event
// handlers and fyne.Do callbacks on one UI goroutine, so the lock is never contended
// there; the test driver runs fyne.Do inline on the calling goroutine, and the lock keeps
// a background update and a test reading the screen from racing.
//
// Rules: event handlers Lock and Unlock it themselves; background goroutines update
// widgets through Do; nothing calls Do while holding the lock.
type Guard struct {
	sync.Mutex
}

// Do runs f on the UI goroutine (fyne.Do) with the lock held.
func (g *Guard) Do(f func()) {
	fyne.Do(func() {
		g.Lock()
		defer g.Unlock()
		f()
	})
}

// Read runs f with the lock held, for accessors that tests call from their goroutine.
func (g *Guard) Read(f func()) {
	g.Lock()
	defer g.Unlock()
	f()
}

// Scope holds the context a screen's requests run under: the one given to its Start, or
// context.Background before Start. The zero value is ready to use.
type Scope struct {
	mu  sync.Mutex
	ctx context.Context
}

// Set makes ctx the parent of every later request.
func (s *Scope) Set(ctx context.Context) {
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
}

// Context returns the parent context of requests.
func (s *Scope) Context() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx == nil {
		return context.Background()
	}
	return s.ctx
}

// Request returns a context for one request, bounded by DefaultRequestTimeout.
func (s *Scope) Request() (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.Context(), DefaultRequestTimeout)
}
