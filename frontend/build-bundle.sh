#!/usr/bin/env bash
# Rebuilds the committed production bundle, src/main/bundles/prod.bundle (see docs/FRONTEND.md).
#
# Why: the npm registry reachable here lacks most @vaadin/* web components at the version Vaadin
# 24.9.14 asks for (24.9.13), so Vaadin's own `npm install` fails with a 404. Every build uses the
# committed bundle instead and needs no npm at all, as long as the bundle matches the frontend.
# Run this after changing anything under frontend/ or an @NpmPackage/@JsModule, then commit
# src/main/bundles/prod.bundle.
#
# What it does:
#   1. lets Vaadin generate package.json (a build that stops at its failing npm install);
#   2. installs from a temporary copy of package.json in which 24.9.13 is rewritten to 24.9.5
#      (a version the registry has for every @vaadin package), with `npm install --ignore-scripts`;
#   3. moves that node_modules into the project and writes node_modules/.vaadin/vaadin.json
#      (hash = package.json's vaadin.hash, projectFolder, vaadinVersion), so that Vaadin takes the
#      installation as its own instead of deleting it;
#   4. runs `mvn -B -DskipTests package`, which builds the frontend with Vite and writes
#      src/main/bundles/prod.bundle.
# Needs: Java 17, Maven, Node 20 and npm with access to the npm registry.
# Usage: frontend/build-bundle.sh            (from anywhere; it works in the project folder)
#        KEEP_NODE_MODULES=1 frontend/build-bundle.sh   (keeps node_modules/ for a quicker rerun)
set -euo pipefail
cd "$(dirname "$0")/.."
project="$(pwd)"

vaadin_version="$(sed -n 's:.*<vaadin.version>\(.*\)</vaadin.version>.*:\1:p' pom.xml | head -n 1)"
from_version="${FROM_VERSION:-24.9.13}"   # what Vaadin $vaadin_version asks for
to_version="${TO_VERSION:-24.9.5}"        # what the registry has
command -v npm >/dev/null || { echo "npm is needed to rebuild the bundle" >&2; exit 1; }

echo "== 1/4 Generating package.json (Vaadin ${vaadin_version}); its npm install may fail here"
rm -f src/main/bundles/prod.bundle   # a stale bundle would be reused otherwise
mvn -B -q clean                      # the bundle zips target/classes/META-INF/VAADIN/webapp: no leftovers
if [[ -z "${KEEP_NODE_MODULES:-}" ]]; then
  rm -rf node_modules
fi
mvn -B -q -DskipTests process-classes >target-bundle-prepare.log 2>&1 || true
[[ -f package.json ]] || { cat target-bundle-prepare.log >&2; echo "Vaadin wrote no package.json" >&2; exit 1; }
rm -f target-bundle-prepare.log
hash="$(node -e 'process.stdout.write(require("./package.json").vaadin.hash)')"

if [[ -n "${KEEP_NODE_MODULES:-}" && -f node_modules/.vaadin/vaadin.json ]] \
   && grep -q "\"hash\": \"${hash}\"" node_modules/.vaadin/vaadin.json; then
  echo "== 2/4 node_modules already matches package.json"
else
  echo "== 2/4 npm install with @vaadin ${from_version} pinned to ${to_version}"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  sed "s/\"${from_version//./\\.}\"/\"${to_version}\"/g" package.json >"$tmp/package.json"
  (cd "$tmp" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "== 3/4 Moving node_modules in and writing node_modules/.vaadin/vaadin.json"
  rm -rf node_modules
  mv "$tmp/node_modules" node_modules
  mkdir -p node_modules/.vaadin
  cat >node_modules/.vaadin/vaadin.json <<EOF
{
  "hash": "${hash}",
  "projectFolder": "${project}",
  "vaadinVersion": "${vaadin_version}"
}
EOF
fi

echo "== 4/4 Production build"
mvn -B -DskipTests package
[[ -f src/main/bundles/prod.bundle ]] || { echo "The build wrote no src/main/bundles/prod.bundle" >&2; exit 1; }
ls -l src/main/bundles/prod.bundle
if [[ -z "${KEEP_NODE_MODULES:-}" ]]; then
  rm -rf node_modules
fi
echo "Done: commit src/main/bundles/prod.bundle"
