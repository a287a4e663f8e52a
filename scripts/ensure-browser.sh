#!/usr/bin/env bash
# The browser tests drive Debian's chromium (playwright cannot download a browser here).
# Installs it when missing and we may (root or passwordless sudo); otherwise says how.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else
  echo "note: /usr/bin/chromium is missing and I cannot install it; run 'sudo apt-get install -y chromium'." >&2
  echo "      The browser tests will be skipped until then." >&2
  exit 0
fi
echo "installing Debian's chromium for the browser tests…"
$SUDO apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null && echo "chromium installed" || {
  echo "warning: could not install chromium; the browser tests will be skipped" >&2
}
exit 0
