#!/usr/bin/env bash
# Installs, once, the Debian/Ubuntu packages servicehall needs to build the Fyne GUI (cgo,
# OpenGL, X11 headers), to render screens under Xvfb, to check PDFs and to speak calls.
# Idempotent: packages already present are skipped, and nothing runs apt when all are there.
set -euo pipefail
want=(gcc libc6-dev pkg-config libgl-dev libx11-dev libxcursor-dev libxrandr-dev
      libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth imagemagick poppler-utils
      fonts-wqy-microhei fonts-hanazono espeak-ng xdotool x11-utils chromium)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#want[@]} packages present"
  exit 0
fi
echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
