#!/usr/bin/env bash
# Build recipe of the API documentation assets shipped in this folder (served by engine/service/docs.py, so /docs
# and /redoc work on a network without internet access). Re-run to update; pin the versions here.
set -euo pipefail
SWAGGER_UI=5.35.0
REDOC=2.5.4
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "swagger-ui-dist@$SWAGGER_UI" "redoc@$REDOC" >/dev/null
mkdir swagger redoc
tar xzf "swagger-ui-dist-$SWAGGER_UI.tgz" -C swagger
tar xzf "redoc-$REDOC.tgz" -C redoc
cp swagger/package/swagger-ui-bundle.js swagger/package/swagger-ui.css swagger/package/favicon-32x32.png "$here/"
cp swagger/package/LICENSE "$here/swagger-ui.LICENSE"
cp redoc/package/bundles/redoc.standalone.js "$here/"
cp redoc/package/LICENSE "$here/redoc.LICENSE"
echo "swagger-ui-dist $SWAGGER_UI, redoc $REDOC" > "$here/VERSIONS"
