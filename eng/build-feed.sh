#!/usr/bin/env bash
# Rebuilds eng/feed/ from eng/fallbacks/: the two restore fallbacks this NuGet mirror needs (see eng/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rm -f "$here"/feed/*.nupkg
for p in Patched.DistributedLock.Postgres MediatR.Contracts; do
  dotnet pack "$here/fallbacks/$p/$p.csproj" -c Release --nologo -v quiet
done
# A package already in the global cache shadows a rebuilt one with the same version.
rm -rf ~/.nuget/packages/patched.distributedlock.postgres/1.3.3.1 ~/.nuget/packages/mediatr.contracts/2.0.1.1
ls -1 "$here"/feed
