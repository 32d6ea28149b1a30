#!/usr/bin/env bash
# The README's test command: restore, build with no warnings, pack the three packages into artifacts/packages, and
# run every test (unit and integration, on a real PostgreSQL: see eng/ensure-postgres.sh; the packaging tests read
# the packages packed here and build new apps from them).
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/ensure-postgres.sh
source eng/ensure-chromium.sh

dotnet build AccessLedger.sln -c Release -warnaserror -nologo -v quiet
dotnet pack AccessLedger.sln -c Release --no-build -nologo -v quiet -o artifacts/packages
ls artifacts/packages

# The tests get a temporary folder of their own, so that what they leave there can be told from other runs' files.
# The postgres user must reach the throwaway clusters made in it.
run_tmp=$(mktemp -d)
chmod 755 "$run_tmp"
log=$(mktemp)
trap 'rm -rf "$run_tmp" "$log"' EXIT
status=0
TMPDIR="$run_tmp" dotnet test AccessLedger.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?

# One closing line over every test project: "N passed, N failed".
awk '/(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' FS='[ ,]+' "$log"
if grep -q "Test Run Aborted" "$log"; then echo "a test run was aborted: see the output above" >&2; status=1; fi

# A throwaway cluster is removed once the test host that started it has gone (eng/LocalPostgres), within seconds.
for _ in $(seq 60); do
  compgen -G "$run_tmp/accessledger-pg-*" >/dev/null || break
  sleep 0.5
done
if compgen -G "$run_tmp/accessledger-pg-*" >/dev/null; then
  echo "throwaway PostgreSQL clusters were left behind (removed now):" >&2
  du -sh "$run_tmp"/accessledger-pg-* >&2
  status=1
fi
exit $status
