#!/bin/sh
# build.sh fetches the pinned ECharts build that newsframe's HTML report
# loads from a file beside its pages, and checks it. `make assets` runs it.
#
#   1. npm ci --ignore-scripts in npm/ installs exactly what
#      npm/package-lock.json pins (npm checks each package's sha512
#      integrity; no install scripts run);
#   2. the files the report ships are copied to a staging directory and
#      their SHA-256 checked against SHA256SUMS (committed);
#   3. only then are they moved into js/, which reports/assets.go embeds.
#
# The JavaScript is never committed (js/.gitignore). To upgrade ECharts,
# change npm/package.json, run `npm install --package-lock-only
# --ignore-scripts` in npm/, then update SHA256SUMS from the new files.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
npm_dir="$here/npm"
js_dir="$here/js"
stage="$js_dir/.stage"

command -v npm >/dev/null 2>&1 || {
	echo "build.sh: npm not found: install Node.js and npm (Debian: apt-get install nodejs npm)" >&2
	exit 1
}

(cd "$npm_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

rm -rf "$stage"
mkdir -p "$stage"
cp "$npm_dir/node_modules/echarts/dist/echarts.min.js" "$stage/echarts.min.js"
cp "$npm_dir/node_modules/echarts/LICENSE" "$stage/echarts-LICENSE.txt"
cp "$npm_dir/node_modules/echarts/NOTICE" "$stage/echarts-NOTICE.txt"

if ! (cd "$stage" && sha256sum --check --strict --quiet "$here/SHA256SUMS"); then
	rm -rf "$stage"
	echo "build.sh: checksum mismatch against reports/assets/SHA256SUMS" >&2
	exit 1
fi
for f in echarts.min.js echarts-LICENSE.txt echarts-NOTICE.txt; do
	mv -f "$stage/$f" "$js_dir/$f"
done
rmdir "$stage"
echo "build.sh: reports/assets/js ready (echarts 5.6.0, checksums match)"
