package main

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"servicehall/app/hub/node"
)

// TestTimeZoneFlagSetsRules: --tz sets the hall rules' zone on first start; a later start
// with another --tz keeps the rules' zone and says so; a zone that does not exist is refused.
func TestTimeZoneFlagSetsRules(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	m := &Main{Config: node.Config{Data: data, Addr: freeAddr(t), Hall: "TC09", HallName: "测试中心", TimeZone: "America/New_York", Logger: quiet}}
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := m.Node.DB.Rules(ctx)
	if err != nil || r.TimeZone != "America/New_York" {
		t.Fatalf("rules zone %q, %v", r.TimeZone, err)
	}
	m.Close()

	var log bytes.Buffer
	m2 := &Main{Config: node.Config{Data: data, Addr: freeAddr(t), Hall: "TC09", TimeZone: "Asia/Urumqi", Logger: quiet}}
	if err := m2.Run(ctx); err != nil {
		t.Fatal(err)
	}
	defer m2.Close()
	warnTimeZone(ctx, m2, slog.New(slog.NewTextHandler(&log, nil)))
	if r, _ := m2.Node.DB.Rules(ctx); r.TimeZone != "America/New_York" {
		t.Errorf("a later --tz changed the rules to %q", r.TimeZone)
	}
	if !strings.Contains(log.String(), "--tz ignored") {
		t.Errorf("no warning: %s", log.String())
	}

	bad := &Main{Config: node.Config{Data: filepath.Join(t.TempDir(), "x"), Addr: freeAddr(t), Hall: "TC10", TimeZone: "Mars/Olympus"}}
	if err := bad.Run(ctx); err == nil || !strings.Contains(err.Error(), "not a time zone") {
		bad.Close()
		t.Fatalf("unknown zone: %v", err)
	}
}
