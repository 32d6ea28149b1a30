#!/usr/bin/env bash
# Sourced by eng/test.sh and eng/demo.sh. Makes sure a PostgreSQL can be had: a connection string in the environment,
# or the machine's PostgreSQL binaries (initdb, pg_ctl), which the code then uses for a throwaway cluster on a free
# loopback port. On a fresh Debian machine it installs them. It starts nothing itself.
have_binaries() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null; }

if [ -z "${ACCESSLEDGER_TEST_CONNECTION:-}${ACCESSLEDGER_CONNECTION:-}" ] && ! have_binaries; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL's binaries are missing: installing Debian's postgresql package" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL is needed. Either install it (sudo apt-get install -y postgresql) or set" >&2
    echo "ACCESSLEDGER_TEST_CONNECTION (tests) / ACCESSLEDGER_CONNECTION (demo) to a connection string." >&2
    exit 1
  fi
fi
if [ "$(id -u)" = 0 ] && ! command -v runuser >/dev/null; then
  echo "running as root needs runuser (util-linux) to start PostgreSQL as the postgres user" >&2
  exit 1
fi
