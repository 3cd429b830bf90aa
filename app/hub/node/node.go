// Package node assembles a running hall hub from its parts: the hall store, the hub core
// and its HTTP server, and the sync worker. `hallhub` runs one on its own; `servicehall`
// runs one inside the GUI process (the embedded default); tests start one the same way.
package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"time"

	"servicehall/app"
	"servicehall/app/hub"
	"servicehall/app/sqlite"
	"servicehall/assets"
	"servicehall/sync/syncer"
)

// DefaultAddr is where hallhub listens unless told otherwise.
const DefaultAddr = "127.0.0.1:8470"

// Config of a hub node.
type Config struct {
	Data     string // data folder; the store is Data/hall.db
	Addr     string // listen address; DefaultAddr; "127.0.0.1:0" picks a free port
	Hall     string // hall code; required on first start, checked afterwards
	HallName string
	TimeZone string // app.DefaultTimeZone when empty
	// CentralURL and CentralToken point the sync worker at central. When empty, the ones
	// saved in the store by an earlier start are used; when none were ever given the link
	// is "unconfigured" and the hall works on its own.
	CentralURL   string
	CentralToken string
	CentralCA    string        // PEM bundle of authorities for central's certificate (optional)
	CentralPin   string        // sha256/BASE64 pin of central's public key (optional)
	Sync         syncer.Config // tuning; URL, token and hall are filled in from above
	Logger       *slog.Logger
}

// Node is a running hub.
type Node struct {
	DB     *sqlite.DB
	Hall   *hub.Hall
	Server *hub.Server
	Syncer *syncer.Syncer
	cancel context.CancelFunc
	skew   atomic.Int64 // central's clock minus this machine's, applied when over the tolerance (ns)
}

// Open opens the store (creating the hall and loading the seed catalogue on first start),
// starts the HTTP server and the sync worker.
func Open(ctx context.Context, cfg Config) (*Node, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.Data == "" {
		return nil, errors.New("a data folder is required (--data)")
	}
	db, err := sqlite.Open(filepath.Join(cfg.Data, sqlite.FileName))
	if err != nil {
		return nil, fmt.Errorf("open hall store: %w", err)
	}
	n := &Node{DB: db}
	if err := n.setup(ctx, cfg); err != nil {
		db.Close()
		return nil, err
	}
	return n, nil
}

func (n *Node) setup(ctx context.Context, cfg Config) error {
	if cfg.Hall == "" {
		h, err := n.DB.Hall(ctx)
		if err != nil {
			return errors.New("a hall code is required on first start (--hall)")
		}
		cfg.Hall = h.Code
	}
	if err := n.DB.EnsureHall(ctx, app.Hall{Code: cfg.Hall, Name: cfg.HallName, TimeZone: cfg.TimeZone}, assets.Catalogue); err != nil {
		return err
	}
	url, token, err := n.DB.CentralLink(ctx)
	if err != nil {
		return err
	}
	if cfg.CentralURL != "" && (cfg.CentralURL != url || cfg.CentralToken != token) {
		if err := n.DB.SetCentralLink(ctx, cfg.CentralURL, cfg.CentralToken); err != nil {
			return err
		}
		url, token = cfg.CentralURL, cfg.CentralToken
	}
	n.Hall = hub.NewHall(n.DB)
	sc := cfg.Sync
	sc.CentralURL, sc.Token, sc.Hall = url, token, cfg.Hall
	if cfg.CentralCA != "" {
		sc.CAFile = cfg.CentralCA
	}
	if cfg.CentralPin != "" {
		sc.PinSHA256 = cfg.CentralPin
	}
	if sc.Logger == nil {
		sc.Logger = cfg.Logger
	}
	user := sc.OnChange
	// The hall's clock is corrected by central's when they differ by more than the
	// tolerance, so day numbering and deadlines follow the city's calendar even on a PC
	// whose clock is off by a day. The correction is an offset read atomically.
	clock := func() time.Time { return time.Now().Add(time.Duration(n.skew.Load())) }
	n.DB.Now = clock
	n.Hall.SetClock(clock)
	sc.OnChange = func(st app.SyncStatus) {
		var want int64
		if st.ClockSkew > app.ClockSkewTolerance || st.ClockSkew < -app.ClockSkewTolerance {
			want = int64(st.ClockSkew)
		}
		if old := n.skew.Swap(want); old != want {
			cfg.Logger.Warn("this machine's clock differs from central's; the hall follows central's", "skew", st.ClockSkew)
		}
		n.Hall.SyncChanged(st)
		if user != nil {
			user(st)
		}
	}
	n.Syncer = syncer.New(n.DB, sc)
	n.Hall.SetSync(n.Syncer)
	n.Server = hub.NewServer(n.Hall, cfg.Logger)
	if err := n.Server.Open(cfg.Addr); err != nil {
		return err
	}
	sctx, cancel := context.WithCancel(context.Background())
	n.cancel = cancel
	n.Syncer.Start(sctx)
	return nil
}

// URL is the hub's base URL.
func (n *Node) URL() string { return n.Server.URL() }

// Close stops the sync worker and the server, then closes the store.
func (n *Node) Close() error {
	if n.cancel != nil {
		n.cancel()
	}
	n.Syncer.Stop()
	err := n.Server.Close()
	return errors.Join(err, n.DB.Close())
}
