#!/usr/bin/env bash
# The README's first command: the June 2026 Mythos 5 / Fable 5 episode, recorded with the accessledger tool and told
# as an auditor reads it (timeline with both clocks, the scenario's questions answered). Needs nothing configured:
# a PostgreSQL is found or started as eng/ensure-postgres.sh describes; set ACCESSLEDGER_CONNECTION to use your own.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/ensure-postgres.sh

dotnet run --project samples/Mythos2026 -c Release
