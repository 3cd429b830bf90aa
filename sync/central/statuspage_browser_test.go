package central_test

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"servicehall/sync/central"
)

// chromium finds Debian's headless browser (make deps installs it).
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH: run 'make deps' (Debian package chromium) for the status page browser test")
	return ""
}

func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--window-size=390,844", "--hide-scrollbars", "--lang=zh-CN", "--accept-lang=zh-CN"}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = io.Discard
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v", args, err)
	}
	return out.Bytes()
}

// TestStatusPageInChromium opens the page a receipt's QR leads to in a real headless
// browser, as a citizen's phone would, and keeps a screenshot.
func TestStatusPageInChromium(t *testing.T) {
	bin := chromium(t)
	st := open(t)
	st.AddHall(ctx, "TC01", "一")
	pushApplication(t, st, "TC01", "app-1", "TC01-20261126-0001", "accepted", 2)
	if _, err := st.AdvanceApplication(ctx, "TC01-20261126-0001", "approved", ""); err != nil {
		t.Fatal(err)
	}
	srv := central.NewServer(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := srv.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, c := range []struct{ path, want string }{
		{"/s/TC01-20261126-0001", "已办结（准予）"},
		{"/s/TC01-20261126-0001?lang=en", "Decided: approved"},
		{"/s/TC01-20261126-0002", "尚未同步到市级平台"},
		{"/s/XX01-20261126-0001", "没有这个办件编号"},
	} {
		dom := string(runChromium(t, bin, "--dump-dom", srv.URL()+c.path))
		if !strings.Contains(dom, c.want) {
			t.Errorf("%s: rendered page lacks %q:\n%.400s", c.path, c.want, dom)
		}
	}
	shot := filepath.Join(t.TempDir(), "status.png")
	runChromium(t, bin, "--screenshot="+shot, srv.URL()+"/s/TC01-20261126-0001")
	raw, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil || img.Bounds().Dx() < 300 {
		t.Fatalf("screenshot %v %v", img, err)
	}
	if dir := os.Getenv("SCREENSHOTS_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "central-status-page.png"), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
