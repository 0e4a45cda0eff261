#!/usr/bin/env bash
# Copy the dashboard's browser dependencies from node_modules/ into src/tidings/web/vendor/.
# The copies are committed so that `pip install tidings` serves a dashboard that works
# offline (no CDN, no tile server). Run after `npm ci` when package.json changes.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
modules="$root/node_modules"
vendor="$root/src/tidings/web/vendor"

if [[ ! -d "$modules/leaflet" ]]; then
    echo "vendor_web.sh: $modules/leaflet missing; run 'npm ci' in $root first" >&2
    exit 2
fi

rm -rf "$vendor"
mkdir -p "$vendor/leaflet/images" "$vendor/leaflet.markercluster" \
         "$vendor/topojson-client" "$vendor/world-atlas" "$vendor/swagger-ui"

cp "$modules/leaflet/dist/leaflet.js" "$modules/leaflet/dist/leaflet.css" "$vendor/leaflet/"
cp "$modules/leaflet/dist/images/"*.png "$vendor/leaflet/images/"
cp "$modules/leaflet/LICENSE" "$vendor/leaflet/LICENSE"

cp "$modules/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$modules/leaflet.markercluster/dist/MarkerCluster.css" \
   "$modules/leaflet.markercluster/dist/MarkerCluster.Default.css" "$vendor/leaflet.markercluster/"
cp "$modules/leaflet.markercluster/MIT-LICENCE.txt" "$vendor/leaflet.markercluster/LICENSE"

cp "$modules/topojson-client/dist/topojson-client.min.js" "$vendor/topojson-client/"
cp "$modules/topojson-client/LICENSE" "$vendor/topojson-client/LICENSE"

# Natural Earth 1:50m countries (public domain), packaged as TopoJSON by world-atlas (ISC).
cp "$modules/world-atlas/countries-50m.json" "$vendor/world-atlas/"
cp "$modules/world-atlas/LICENSE" "$vendor/world-atlas/LICENSE"

# Swagger UI for the offline OpenAPI docs page (/docs).
cp "$modules/swagger-ui-dist/swagger-ui-bundle.js" "$modules/swagger-ui-dist/swagger-ui.css" \
   "$modules/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt" "$modules/swagger-ui-dist/NOTICE" \
   "$vendor/swagger-ui/"
cp "$modules/swagger-ui-dist/LICENSE" "$vendor/swagger-ui/LICENSE"

# Record exactly what was vendored.
node -e '
const fs = require("fs"), path = require("path");
const names = ["leaflet", "leaflet.markercluster", "topojson-client", "world-atlas", "swagger-ui-dist"];
const out = {};
for (const n of names) {
  const p = JSON.parse(fs.readFileSync(path.join(process.argv[1], n, "package.json"), "utf8"));
  out[n] = { version: p.version, license: p.license };
}
fs.writeFileSync(path.join(process.argv[2], "VERSIONS.json"), JSON.stringify(out, null, 2) + "\n");
' "$modules" "$vendor"

echo "vendored into $vendor:"
(cd "$vendor" && find . -type f | sort)
