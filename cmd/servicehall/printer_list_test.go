package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// `servicehall printer list` works on a machine without CUPS: it says so and exits 0.
func TestPrinterListWithoutCUPS(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"printer", "list"}, &out, &errOut); err != nil {
		t.Fatalf("printer list: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{"CUPS queues", "lpstat (CUPS) is not installed", "/dev/usb/lp*", "tcp:HOST:9100"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printer list output lacks %q:\n%s", want, out.String())
		}
	}
}
