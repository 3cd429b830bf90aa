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
  -run 'TestScreenshots|TestWriteSlipPreviews|TestWritePDFs' ./kiosk/... ./app/ui/... ./printing/...
# The receipt and notice PDFs (A4) and the materials list (A5) as pictures, page by page.
for f in "$out"/pdf-*.pdf; do
  [ -e "$f" ] || continue
  pdftoppm -png -r 60 "$f" "${f%.pdf}"
done

# The real windows under a virtual display.
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; kill $xpid 2>/dev/null || true; rm -rf "$tmp"' EXIT
disp=":$((90 + RANDOM % 9))"
Xvfb "$disp" -screen 0 2200x1380x24 -nolisten tcp >/dev/null 2>&1 & xpid=$!
export DISPLAY="$disp"
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; [ -e "/tmp/.X11-unix/X${disp#:}" ] && break; sleep 0.1; done
./bin/servicehall demo --data "$tmp/data" >"$tmp/demo.log" 2>&1 & pid=$!
# Lay the three windows out side by side (Xvfb has no window manager), then walk one
# ticket's journey the way a person would: tap a service at the kiosk, F1 at the counter.
find_win() { xdotool search --sync --limit 1 --name "$1"; }
k=$(find_win '自助取号'); c=$(find_win '号窗口'); b=$(find_win '叫号大屏')
xdotool windowmove "$k" 0 0 windowsize "$k" 900 1000
xdotool windowmove "$c" 910 0 windowsize "$c" 1280 640
xdotool windowmove "$b" 910 650 windowsize "$b" 1280 720
grep -q 'services status=200' "$tmp/demo.log" || sleep 2
sleep 1.5 # the first frame after the move
xdotool mousemove 227 534 click 1 # the first service tile: 居民身份证申领
sleep 1.5
xdotool windowfocus "$c" 2>/dev/null || true
xdotool mousemove 1500 60 click 1
sleep 0.5
xdotool key F1
sleep 1.5
import -window root "$out/demo-xvfb.png"
slip=$(find "$tmp/data/prints" -name '*.png' | head -1)
[ -n "$slip" ] && cp "$slip" "$out/demo-printed-slip.png"
echo "screenshots: $(ls "$out" | wc -l) files in docs/screenshots"
