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
Xvfb "$disp" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 & xpid=$!
export DISPLAY="$disp"
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; [ -e "/tmp/.X11-unix/X${disp#:}" ] && break; sleep 0.1; done
./bin/servicehall demo --data "$tmp/data" >"$tmp/demo.log" 2>&1 & pid=$!
# Lay the three windows out side by side (Xvfb has no window manager), then walk one
# ticket's journey the way a person would: tap a service at the kiosk, F1 at the counter.
find_win() { xdotool search --sync --limit 1 --name "$1"; }
k=$(find_win '自助取号'); c=$(find_win '号窗口'); b=$(find_win '叫号大屏')
xdotool windowmove "$k" 0 0
xdotool windowmove "$c" 900 0 windowsize "$c" 1020 520
xdotool windowmove "$b" 900 530 windowsize "$b" 1020 550
grep -q 'services status=200' "$tmp/demo.log" || sleep 2
sleep 1 # the first frame after the move
xdotool mousemove 200 150 click 1
sleep 1
xdotool windowfocus "$c" 2>/dev/null || true
xdotool mousemove 1400 200 click 1
sleep 0.5
xdotool key F1
sleep 1.5
import -window root "$out/demo-xvfb.png"
ls "$tmp/data/prints/"*.png >/dev/null && cp "$(ls "$tmp/data/prints/"*.png | head -1)" "$out/demo-printed-slip.png"
echo "screenshots: $(ls "$out" | wc -l) files in docs/screenshots"
