// Package hubtest starts a real hall hub for tests: a real SQLite file in a temporary
// folder, the seed catalogue, and the real HTTP server on 127.0.0.1. Screens and packages
// test against it exactly as a terminal meets a hub.
package hubtest

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/sqlite"
	"servicehall/assets"
)

// DefaultHall is the hall code test hubs use.
const DefaultHall = "TC01"

// Hall is a running test hub.
type Hall struct {
	DB     *sqlite.DB
	Core   *hub.Hall
	Server *hub.Server
	code   string
	tb     testing.TB
}

// New starts a hub for hall DefaultHall; it stops when the test ends.
func New(tb testing.TB) *Hall {
	return NewWithCode(tb, DefaultHall)
}

// NewWithCode starts a hub for the given hall code.
func NewWithCode(tb testing.TB, code string) *Hall {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), sqlite.FileName))
	if err != nil {
		tb.Fatalf("open hall store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.EnsureHall(context.Background(), app.Hall{Code: code, Name: "测试便民服务中心", TimeZone: app.DefaultTimeZone}, assets.Catalogue); err != nil {
		tb.Fatalf("set up hall: %v", err)
	}
	core := hub.NewHall(db)
	srv := hub.NewServer(core, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := srv.Open("127.0.0.1:0"); err != nil {
		tb.Fatalf("start hub: %v", err)
	}
	tb.Cleanup(func() { srv.Close() })
	return &Hall{DB: db, Core: core, Server: srv, code: code, tb: tb}
}

// HallCode is the hub's hall code.
func (h *Hall) HallCode() string { return h.code }

// URL is the hub's base URL.
func (h *Hall) URL() string { return h.Server.URL() }

// Token enrols a terminal with the given role and returns its token.
func (h *Hall) Token(role app.Role) string {
	h.tb.Helper()
	_, tok, err := h.DB.AddTerminal(context.Background(), "test-"+string(role), role)
	if err != nil {
		h.tb.Fatalf("add terminal: %v", err)
	}
	return tok
}

// Client returns a real HTTP client holding a token of the given role.
func (h *Hall) Client(role app.Role) app.HallService {
	return h.HTTPClient(role)
}

// HTTPClient is Client with its concrete type.
func (h *Hall) HTTPClient(role app.Role) *hub.Client {
	return hub.NewClient(h.URL(), h.Token(role))
}
