#!/usr/bin/env bash
# Sourced by eng/test.sh. The audit report's tests render the report in headless Chromium, look at the screenshot
# and print it to PDF, whose pages poppler's pdftoppm turns into pictures; this makes sure both are on the machine.
# On Debian as root it installs the chromium and poppler-utils packages; elsewhere it says what to install (or set
# ACCESSLEDGER_CHROMIUM to a Chromium or Chrome binary).
have_chromium() {
  [ -n "${ACCESSLEDGER_CHROMIUM:-}" ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null
}

if ! have_chromium; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Chromium is missing: installing Debian's chromium package (the audit report test renders in it)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is needed by the audit report test. Install it (sudo apt-get install -y chromium) or set" >&2
    echo "ACCESSLEDGER_CHROMIUM to a Chromium or Chrome binary." >&2
    exit 1
  fi
fi

if ! command -v pdftoppm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "pdftoppm is missing: installing Debian's poppler-utils package (the audit report test looks at the printed pages)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "pdftoppm is needed by the audit report test. Install it (sudo apt-get install -y poppler-utils)." >&2
    exit 1
  fi
fi
