package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"servicehall/app"
)

// checkTimeZone refuses a --tz that names no zone, rather than starting a hall whose day
// boundaries silently fall back to the default zone.
func checkTimeZone(name string) error {
	if name == "" {
		return nil
	}
	if _, err := time.LoadLocation(name); err != nil {
		return fmt.Errorf("--tz %q is not a time zone (use an IANA name such as %s)", name, app.DefaultTimeZone)
	}
	return nil
}

// warnTimeZone says so when a --tz given on a later start differs from the zone in the
// hall's rules: --tz sets the rules' zone on first start only; afterwards the rules are
// data, changed by an admin terminal with PUT /api/v1/rules.
func warnTimeZone(ctx context.Context, m *Main, logger *slog.Logger) {
	if m.Node == nil || m.Node.DB == nil {
		return
	}
	r, err := m.Node.DB.Rules(ctx)
	if err != nil || r.TimeZone == m.Config.TimeZone {
		return
	}
	logger.Warn("--tz ignored: this hall's rules already have a time zone; change it with PUT /api/v1/rules",
		"flag", m.Config.TimeZone, "rules", r.TimeZone)
}
