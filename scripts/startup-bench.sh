#!/usr/bin/env bash
# Cold start of `servicehall kiosk` to its first frame under Xvfb, and its RSS after 10 s
# idle. Needs bin/servicehall (make build) and Xvfb + ImageMagick (make deps).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x bin/servicehall ] || { echo "startup-bench: run make build first"; exit 1; }
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; kill $xpid 2>/dev/null || true; rm -rf "$tmp"' EXIT
disp=":$((80 + RANDOM % 9))"
Xvfb "$disp" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 & xpid=$!
export DISPLAY="$disp" LANG=zh_CN.UTF-8
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${disp#:}" ] && break; sleep 0.1; done
import -window root "$tmp/blank.png"
start=$(date +%s.%N)
./bin/servicehall kiosk --data "$tmp/data" >"$tmp/kiosk.log" 2>&1 & pid=$!
first=""
for _ in $(seq 400); do
  import -window root "$tmp/now.png" 2>/dev/null || continue
  sd=$(convert "$tmp/now.png" -colorspace Gray -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
  if awk -v s="$sd" 'BEGIN{exit !(s>0.02)}'; then first=$(date +%s.%N); break; fi
done
[ -n "$first" ] || { echo "startup-bench: no frame within the wait"; cat "$tmp/kiosk.log"; exit 1; }
sleep 10
rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
awk -v a="$start" -v b="$first" -v r="$rss" 'BEGIN{printf "kiosk cold start to first frame: %.2f s; RSS after 10 s idle: %.1f MB\n", b-a, r/1024}'
