#!/usr/bin/env bash
# Builds the documentation site into target/docs-site with Debian's MkDocs and Material theme, failing on any warning
# (a broken page link or nav entry). Installs the two packages first when they are missing (needs root / apt).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c 'import mkdocs, material' 2>/dev/null; then
  echo "installing mkdocs and mkdocs-material (Debian packages)..." >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y mkdocs mkdocs-material >&2; else sudo apt-get install -y mkdocs mkdocs-material >&2; fi
fi
# Debian's mkdocs runs on the system Python, whatever python3 comes first on PATH.
/usr/bin/python3 -m mkdocs build --strict --clean --config-file mkdocs.yml "$@"
echo "site: $(pwd)/target/docs-site/index.html"
