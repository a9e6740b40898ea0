#!/usr/bin/env bash
# Installs Chromium from Debian packages for the dashboard's Playwright tests (tests/Steadfast.Dashboard.Tests).
# Playwright's own browser download does not work here; the tests launch /usr/bin/chromium instead.
# Idempotent: does nothing when /usr/bin/chromium already runs.
set -euo pipefail

if [ -x /usr/bin/chromium ] && /usr/bin/chromium --headless --no-sandbox --version >/dev/null 2>&1; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
