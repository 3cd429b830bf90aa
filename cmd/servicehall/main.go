// Command servicehall is the hall's desktop and kiosk software: one binary, one mode per
// screen, talking to a hall hub either in this process (the embedded default, for a
// township office on one PC) or over the hall LAN.
//
//	servicehall demo    [--data DIR]                      central, hub and all three windows
//	servicehall kiosk   [--data DIR | --hub URL --token T] [--printer SPEC]
//	servicehall counter [--data DIR | --hub URL --token T] [--window N]
//	servicehall board   [--data DIR | --hub URL --token T]
//	servicehall admin   [--data DIR | --hub URL --token T]        the hall administrator's sync view
//	servicehall rate    [--data DIR | --hub URL --token T] [--window N]   the rating pad facing the citizen at a window
//	servicehall printer test --printer SPEC [--profile 80mm]
//	servicehall printer list                              CUPS queues and printer device nodes
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
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "servicehall:", err)
		}
		os.Exit(2)
	}
}

const usage = `usage:
  servicehall demo    [--data DIR] [--lang zh-Hans|zh-Hant|en]
  servicehall kiosk   [--data DIR | --hub URL --token TOKEN] [--printer SPEC] [--lang L]
  servicehall counter [--data DIR | --hub URL --token TOKEN] [--window N] [--lang L]
  servicehall board   [--data DIR | --hub URL --token TOKEN] [--lang L]
  servicehall admin   [--data DIR | --hub URL --token TOKEN] [--lang L]   (sync: link, dead letters, sync now)
  servicehall rate    [--data DIR | --hub URL --token TOKEN] [--window N] [--lang L]   (rating pad at a window; kiosk token)
  servicehall printer test --printer SPEC [--profile 80mm|58mm] [--hall-name NAME]
  servicehall printer list

With --data (the default) the hub runs inside this process on that folder; with --hub
the screen talks to a hallhub on the hall LAN using a terminal token from
'hallhub terminal add'.`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return errors.New("no mode given")
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	switch args[0] {
	case "printer":
		if len(args) >= 2 && args[1] == "test" {
			return printerTest(ctx, args[2:], stdout, stderr)
		}
		if len(args) >= 2 && args[1] == "list" {
			return printerList(ctx, stdout)
		}
	case "demo", "kiosk", "counter", "board", "admin", "rate":
		cfg, err := parseGUI(args[0], args[1:], stderr)
		if err != nil {
			return err
		}
		return runGUI(ctx, cfg, logger)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	fmt.Fprintln(stderr, usage)
	return fmt.Errorf("unknown mode %q", args[0])
}
