#!/usr/bin/env bash
# Builds the browser app (web/) and prints its production bundle size, one
# metric per line as "name value unit", computed with gzip -9 over every .js
# and .css file in web/dist. web_js_initial_gzip counts what index.html
# loads (its script and modulepreloads); the rest loads when a feature needs
# it (pdf.js and its worker for a PDF preview, the service worker for a zip
# download). Budget: web_js_initial_gzip <= 204800 bytes (200 KB).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
web="$root/web"

# The project's pinned Node (22) from the toolchain package: .toolchain/ if
# the repo has one, else the repo root (node_modules/.bin in either).
toolchain="$root"
if [ -f "$root/.toolchain/package.json" ]; then toolchain="$root/.toolchain"; fi
if [ ! -x "$toolchain/node_modules/.bin/node" ] && [ -f "$toolchain/package-lock.json" ]; then
  (cd "$toolchain" && npm ci --no-audit --no-fund >&2)
fi
export PATH="$toolchain/node_modules/.bin:$PATH"
case "$(node --version)" in
  v22.*) ;;
  *) echo "web-bundle.sh: warning: node $(node --version) is not the pinned Node 22" >&2 ;;
esac

cd "$web"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund >&2
fi
npm run build >&2

gz() { gzip -9 -c "$1" | wc -c; }

js=0; css=0; js_raw=0; css_raw=0; js_files=0
while IFS= read -r -d '' f; do
  n=$(gz "$f"); r=$(wc -c <"$f")
  case "$f" in
    *.js)  js=$((js + n)); js_raw=$((js_raw + r)); js_files=$((js_files + 1)) ;;
    *.css) css=$((css + n)); css_raw=$((css_raw + r)) ;;
  esac
done < <(find dist -type f \( -name '*.js' -o -name '*.css' \) -print0)

initial=0
for f in $(grep -oE '(src|href)="/assets/[^"]+\.js"' dist/index.html | sed -E 's/^(src|href)="\/(.*)"$/\2/'); do
  initial=$((initial + $(gz "dist/$f")))
done

echo "web_js_initial_gzip $initial bytes"
echo "web_js_gzip $js bytes"
echo "web_css_gzip $css bytes"
echo "web_total_gzip $((js + css)) bytes"
echo "web_js_raw $js_raw bytes"
echo "web_css_raw $css_raw bytes"
echo "web_js_files $js_files files"
