package main

import (
	"io"
	"strings"
	"testing"

	"servicehall/kiosk"
)

// TestAdminPINIsHashed: --admin-pin keeps only a hash that checks the PIN; a PIN with
// letters is refused; no --admin-pin leaves maintenance off.
func TestAdminPINIsHashed(t *testing.T) {
	c, err := parseGUI("kiosk", []string{"--lockdown", "--admin-pin", "246810"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Lockdown || strings.Contains(c.AdminPIN, "246810") || !kiosk.CheckPIN(c.AdminPIN, "246810") {
		t.Errorf("lockdown %v, stored PIN %q", c.Lockdown, c.AdminPIN)
	}
	again, err := parseGUI("kiosk", []string{"--admin-pin", c.AdminPIN}, io.Discard)
	if err != nil || again.AdminPIN != c.AdminPIN {
		t.Errorf("a hash given as is: %q, %v", again.AdminPIN, err)
	}
	if _, err := parseGUI("kiosk", []string{"--admin-pin", "12ab"}, io.Discard); err == nil {
		t.Error("a PIN with letters was taken")
	}
	if c, _ := parseGUI("kiosk", nil, io.Discard); c.AdminPIN != "" || c.Lockdown {
		t.Errorf("defaults: lockdown %v, PIN %q", c.Lockdown, c.AdminPIN)
	}
}
