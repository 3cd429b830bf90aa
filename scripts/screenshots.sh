#!/usr/bin/env bash
# Renders every screen and slip to PNG under docs/screenshots/:
#  1. each screen through Fyne's test driver with the bundled CJK font (deterministic),
#  2. slips through the printing preview,
#  3. the real demo windows under Xvfb (import -window root), proving the cgo build draws.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/docs/screenshots"
mkdir -p "$out"
export LANG=zh_CN.UTF-8
SCREENSHOTS_DIR="$out" CGO_ENABLED=0 go test -tags ci -count=1 \
  -run 'TestScreenshots|TestWriteSlipPreviews' ./kiosk/... ./app/ui/... ./printing/...

# The real windows under a virtual display.
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; kill $xpid 2>/dev/null || true; rm -rf "$tmp"' EXIT
disp=":$((90 + RANDOM % 9))"
Xvfb "$disp" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 & xpid=$!
export DISPLAY="$disp"
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; [ -e "/tmp/.X11-unix/X${disp#:}" ] && break; sleep 0.1; done
./bin/servicehall demo --data "$tmp/data" >"$tmp/demo.log" 2>&1 & pid=$!
# Wait until the screen has something drawn on it (not a blank frame), up to 30 s.
for _ in $(seq 60); do
  sleep 0.5
  import -window root "$tmp/root.png" 2>/dev/null || continue
  sd=$(convert "$tmp/root.png" -colorspace Gray -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
  awk -v s="$sd" 'BEGIN{exit !(s>0.05)}' && break
done
sleep 2 # let the demo's first sync and loads settle into the frame
import -window root "$out/demo-xvfb.png"
echo "screenshots: $(ls "$out" | wc -l) files in docs/screenshots"
