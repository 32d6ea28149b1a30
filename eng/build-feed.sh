#!/usr/bin/env bash
# Rebuilds eng/feed/ from eng/fallbacks/: the restore fallback this NuGet mirror needs (see eng/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rm -f "$here"/feed/*.nupkg
dotnet pack "$here/fallbacks/MediatR.Contracts/MediatR.Contracts.csproj" -c Release --nologo -v quiet
# A package already in the global cache shadows a rebuilt one with the same version.
rm -rf ~/.nuget/packages/mediatr.contracts/2.0.1.1
ls -1 "$here"/feed
