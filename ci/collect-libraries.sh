#!/bin/sh
# Copies the shared libraries BINARY links that a fresh runner or image lacks (libgit2 and what it
# links, Vectorscan, PCRE2) into LIBDIR, so a cached build runs with LD_LIBRARY_PATH=LIBDIR and no
# packages installed. Used by the GitHub action and the GitLab templates.
#   ci/collect-libraries.sh BINARY LIBDIR
set -eu
mkdir -p "$2"
ldd "$1" | awk '/=> \// {print $3}' | grep -E 'libgit2|libhs|libpcre2|libhttp_parser|libllhttp|libmbed|libssh2' \
  | xargs -r -I{} cp -L {} "$2/"
