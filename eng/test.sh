#!/usr/bin/env bash
# The README's test command: restore, build with no warnings, run every test (unit and integration, on a real
# PostgreSQL: see eng/ensure-postgres.sh), and pack the three packages into artifacts/packages.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/ensure-postgres.sh
source eng/ensure-chromium.sh

dotnet build AccessLedger.sln -c Release -warnaserror -nologo -v quiet
log=$(mktemp)
status=0
dotnet test AccessLedger.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?
dotnet pack AccessLedger.sln -c Release --no-build -nologo -v quiet -o artifacts/packages
ls artifacts/packages

# One closing line over every test project: "N passed, N failed".
awk '/(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' FS='[ ,]+' "$log"
if grep -q "Test Run Aborted" "$log"; then echo "a test run was aborted: see the output above" >&2; status=1; fi
rm -f "$log"
exit $status
