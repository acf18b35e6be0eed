#!/bin/sh
# Builds the keywarden commit KEYWARDEN_REF into KEYWARDEN_DIR (the binary and the shared libraries it
# links that a fresh image lacks), unless a cached build is already there. For GitLab jobs.
set -eu
[ -x "$KEYWARDEN_DIR/keywarden" ] && exit 0
apt-get update -qq && apt-get install -y -qq libgit2-dev libpcre2-dev libvectorscan-dev libarchive-dev pkg-config git
rm -rf /tmp/keywarden
git clone -q https://github.com/keywarden/keywarden /tmp/keywarden
git -C /tmp/keywarden checkout -q "$KEYWARDEN_REF"
swift build -c release --static-swift-stdlib --product keywarden --package-path /tmp/keywarden
mkdir -p "$KEYWARDEN_DIR"
cp /tmp/keywarden/.build/release/keywarden "$KEYWARDEN_DIR/"
sh /tmp/keywarden/ci/collect-libraries.sh "$KEYWARDEN_DIR/keywarden" "$KEYWARDEN_DIR/lib"
