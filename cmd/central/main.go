// Command central is the city's reference central server.
//
//	central serve --data DIR --addr 127.0.0.1:8480
//	central hall add --data DIR --code CODE --name NAME     (prints the hall's token)
//	central admin-token --data DIR                         (prints an administrator token)
//	central hall revoke --data DIR --code CODE             (withdraws a hall's credential)
//	central application advance --data DIR TRACKING --to STATUS [--note TEXT]
//	central notice add --data DIR --title T --body B
//	central booking add --data DIR --hall CODE --json '{"code":…}'
//	central service add --data DIR --json '{catalogue entry}'   (central's own catalogue change)
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
	"syscall"

	"servicehall/sync/central"
)

// DefaultAddr is where central listens unless told otherwise.
const DefaultAddr = "127.0.0.1:8480"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "central:", err)
		}
		os.Exit(2)
	}
}

const usage = `usage:
  central serve --data DIR [--addr 127.0.0.1:8480] [--tls-cert FILE --tls-key FILE]
  central hall add --data DIR --code CODE --name NAME
  central admin-token --data DIR
  central hall revoke --data DIR --code CODE
  central application advance --data DIR TRACKING --to STATUS [--note TEXT]
  central notice add --data DIR --title TITLE --body BODY
  central booking add --data DIR --hall CODE --json '{"code":"B123","service_code":"GA-001","at":"2026-11-27T09:30:00+08:00"}'
  central service add --data DIR --json '{catalogue entry}'`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	switch {
	case len(args) >= 1 && args[0] == "serve":
		return serve(ctx, args[1:], stderr)
	case len(args) >= 2 && args[0] == "hall" && args[1] == "add":
		return hallAdd(ctx, args[2:], stdout, stderr)
	case len(args) >= 1 && args[0] == "admin-token":
		return adminToken(ctx, args[1:], stdout, stderr)
	case len(args) >= 2 && args[0] == "hall" && args[1] == "revoke":
		return hallRevoke(ctx, args[2:], stdout, stderr)
	case len(args) >= 2 && args[0] == "application" && args[1] == "advance":
		return applicationAdvance(ctx, args[2:], stdout, stderr)
	case len(args) >= 2 && args[0] == "notice" && args[1] == "add":
		return noticeAdd(ctx, args[2:], stdout, stderr)
	case len(args) >= 2 && args[0] == "booking" && args[1] == "add":
		return bookingAdd(ctx, args[2:], stdout, stderr)
	case len(args) >= 2 && args[0] == "service" && args[1] == "add":
		return serviceAdd(ctx, args[2:], stdout, stderr)
	}
	fmt.Fprintln(stderr, usage)
	return errors.New("unknown command")
}

// Main is the central program, so an end-to-end test starts it the way a user does.
type Main struct {
	Data, Addr      string
	TLSCert, TLSKey string
	Logger          *slog.Logger
	Store           *central.Store
	Server          *central.Server
}

// Run opens the store and starts serving.
func (m *Main) Run(ctx context.Context) error {
	st, err := central.Open(m.Data)
	if err != nil {
		return err
	}
	m.Store = st
	m.Server = central.NewServer(st, m.Logger)
	m.Server.TLSCert, m.Server.TLSKey = m.TLSCert, m.TLSKey
	if err := m.Server.Open(m.Addr); err != nil {
		st.Close()
		return err
	}
	return nil
}

// Close stops the server and closes the store.
func (m *Main) Close() error {
	if m.Server == nil {
		return nil
	}
	return errors.Join(m.Server.Close(), m.Store.Close())
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("central serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m := &Main{Logger: slog.New(slog.NewTextHandler(stderr, nil))}
	fs.StringVar(&m.Data, "data", "", "data folder (holds central.db)")
	fs.StringVar(&m.Addr, "addr", DefaultAddr, "listen address")
	fs.StringVar(&m.TLSCert, "tls-cert", "", "PEM certificate: serve HTTPS (with --tls-key)")
	fs.StringVar(&m.TLSKey, "tls-key", "", "PEM private key of --tls-cert")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if m.Data == "" {
		return errors.New("--data is required")
	}
	if err := m.Run(ctx); err != nil {
		return err
	}
	m.Logger.Info("central serving", "url", m.Server.URL(), "data", m.Data)
	<-ctx.Done()
	return m.Close()
}

func openStore(args []string, name string, stderr io.Writer, extra func(*flag.FlagSet)) (*central.Store, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "central's data folder")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *data == "" {
		return nil, errors.New("--data is required")
	}
	return central.Open(*data)
}

func hallAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var code, name string
	st, err := openStore(args, "central hall add", stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&code, "code", "", "hall code, e.g. TC01")
		fs.StringVar(&name, "name", "", "hall name")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	token, err := st.AddHall(ctx, code, name)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

func adminToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	st, err := openStore(args, "central admin-token", stderr, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	token, err := st.NewAdminToken(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}
