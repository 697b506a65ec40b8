#!/usr/bin/env bash
# Builds the docs site, serves it on 127.0.0.1 and walks it in headless Chromium (Debian's package, installed when
# missing): the index page renders, every link of its navigation is reached, and each page's DOM has a title and an
# h1. Prints one line per page; exits 1 if any page fails. Not part of ./mvnw verify (it needs a browser).
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/docs/build.sh > /dev/null 2>&1 || tools/docs/build.sh
if ! command -v chromium > /dev/null; then
  echo "installing chromium (Debian package)..." >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y chromium chromium-driver >&2; else sudo apt-get install -y chromium chromium-driver >&2; fi
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory target/docs-site "$port" > /dev/null 2>&1 &
server=$!
profile=$(mktemp -d)
trap 'kill "$server" 2> /dev/null; rm -rf "$profile"' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2> /dev/null && break
  sleep 0.1
done
export CHROMIUM_PROFILE="$profile"
python3 tools/docs/browse.py "http://127.0.0.1:$port/"
