// Command hallhub runs a hall's hub: the SQLite cache, the queue authority, the outbox and
// the sync worker, serving the hall LAN API to every terminal of a large hall.
//
//	hallhub --data DIR --addr 127.0.0.1:8470 --hall CODE --hall-name NAME [--central URL --central-token TOKEN]
//	hallhub terminal add --data DIR --name NAME --role kiosk|counter|board|admin
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"servicehall/app"
	"servicehall/app/hub/node"
	"servicehall/app/sqlite"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "hallhub:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) >= 2 && args[0] == "terminal" && args[1] == "add" {
		return terminalAdd(ctx, args[2:], stdout, stderr)
	}
	if len(args) >= 1 && args[0] == "serve" {
		args = args[1:]
	}
	return serve(ctx, args, stderr)
}

// Main is the hub program, so an end-to-end test starts it the way a user does.
type Main struct {
	Config node.Config
	Node   *node.Node
}

// Run starts the hub.
func (m *Main) Run(ctx context.Context) (err error) {
	if err := checkTimeZone(m.Config.TimeZone); err != nil {
		return err
	}
	m.Node, err = node.Open(ctx, m.Config)
	return err
}

// Close stops it.
func (m *Main) Close() error {
	if m.Node == nil {
		return nil
	}
	return m.Node.Close()
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("hallhub", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg node.Config
	fs.StringVar(&cfg.Data, "data", "", "data folder (holds hall.db)")
	fs.StringVar(&cfg.Addr, "addr", node.DefaultAddr, "listen address of the hall LAN API")
	fs.StringVar(&cfg.Hall, "hall", "", "hall code, e.g. TC01 (required on first start)")
	fs.StringVar(&cfg.HallName, "hall-name", "", "hall name shown on screens and slips")
	fs.StringVar(&cfg.TimeZone, "tz", app.DefaultTimeZone, "the hall's time zone (IANA name): sets the hall rules' zone on first start; later changed with PUT /api/v1/rules")
	fs.StringVar(&cfg.CentralURL, "central", "", "central API base URL (saved; later starts reuse it)")
	fs.StringVar(&cfg.CentralToken, "central-token", "", "the hall's one-time enrolment code from 'central hall add' (exchanged for a credential on first contact)")
	fs.StringVar(&cfg.CentralCA, "central-ca", "", "PEM file of the authorities that sign central's certificate")
	fs.StringVar(&cfg.CentralPin, "central-pin", "", "pin central's public key: sha256/BASE64 of its SubjectPublicKeyInfo")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	cfg.Logger = logger
	m := &Main{Config: cfg}
	if err := m.Run(ctx); err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "tz" {
			warnTimeZone(ctx, m, logger)
		}
	})
	logger.Info("hallhub serving", "url", m.Node.URL(), "data", cfg.Data)
	<-ctx.Done()
	logger.Info("hallhub stopping")
	return m.Close()
}

func terminalAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hallhub terminal add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "the hub's data folder")
	name := fs.String("name", "", "terminal name, e.g. kiosk-1 or win-3")
	role := fs.String("role", "", "kiosk, counter, board or admin")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" {
		return errors.New("--data is required")
	}
	db, err := sqlite.Open(filepath.Join(*data, sqlite.FileName))
	if err != nil {
		return err
	}
	defer db.Close()
	_, token, err := db.AddTerminal(ctx, *name, app.Role(*role))
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}
