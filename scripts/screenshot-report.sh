#!/usr/bin/env bash
# Renders an HTML report to a PNG with headless Chromium (Debian: apt-get install chromium), offline, then reduces it
# to 256 colours with pngquant when there is one (apt-get install pngquant): docs/report.png ships in the package,
# and a screenshot's flat colours lose nothing visible (docs/report.png, cropped by hand to the table and its first
# failure: 145 KB).
#   scripts/screenshot-report.sh reports/contract-live.html docs/report.png [width,height]
set -euo pipefail
html=${1:?usage: scripts/screenshot-report.sh REPORT.html OUT.png [width,height]}
out=${2:?usage: scripts/screenshot-report.sh REPORT.html OUT.png [width,height]}
size=${3:-1280,1600}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not found: apt-get install chromium" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
	--window-size="$size" --screenshot="$(realpath -m "$out")" "file://$(realpath "$html")" 2>/dev/null
if command -v pngquant >/dev/null; then pngquant --quality=80-95 --speed 1 --force --output "$out" -- "$out"; fi
echo "wrote $out"
