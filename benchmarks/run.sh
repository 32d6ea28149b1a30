#!/usr/bin/env bash
# The benchmarks' one command (benchmarks/README.md). Default: ledgers of 10^3 and 10^4 events, a few minutes on two
# cores. --full adds 10^5 and 10^6 (long). --sizes 1000,100000 picks sizes. Needs PostgreSQL: ACCESSLEDGER_CONNECTION,
# Docker, or the machine's binaries for a throwaway cluster (eng/ensure-postgres.sh).
# "./benchmarks/run.sh micro" runs the BenchmarkDotNet micro benchmarks instead.
set -euo pipefail
cd "$(dirname "$0")/.."
project=benchmarks/AccessLedger.Benchmarks
dotnet build "$project" -c Release -warnaserror -nologo -v quiet
if [ "${1:-}" = micro ]; then
  exec dotnet run -c Release --no-build --project "$project" -- "$@"
fi
source eng/ensure-postgres.sh
exec dotnet run -c Release --no-build --project "$project" -- scale --out benchmarks/results "$@"
