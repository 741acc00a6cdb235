#!/usr/bin/env bash
# Regenerates every generated file that is checked in: the README diagram
# (SVG and PNG), the JSON Schema, docs/checks.md and the man pages in
# docs/man. Tests fail when these are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p logicmodel-cli
bin=target/release/logicmodel
"$bin" render models/gotsu-smart-city.json -o docs/images/gotsu-smart-city.svg 2>/dev/null || true
"$bin" render models/gotsu-smart-city.json -o docs/images/gotsu-smart-city.png --scale 1.5 2>/dev/null || true
"$bin" render models/community-food-bank.json -o docs/images/community-food-bank.png --scale 1.5 2>/dev/null || true
"$bin" schema > docs/logicmodel.schema.json
python3 scripts/gen-checks-doc.py "$bin"
mkdir -p docs/man && rm -f docs/man/*.1 && "$bin" manpage --out-dir docs/man
echo "regenerated docs/images, docs/logicmodel.schema.json, docs/checks.md, docs/man"
