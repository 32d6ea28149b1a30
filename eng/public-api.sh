#!/usr/bin/env bash
# Records a deliberate change of the packages' public API (eng/README.md, "Public API").
#
#   eng/public-api.sh          adds what became public to PublicAPI.Unshipped.txt (RS0016) and takes out what is
#                              gone (RS0017), in every project under src/; review the diff, commit it with the change
#   eng/public-api.sh --ship   at a release: moves PublicAPI.Unshipped.txt into PublicAPI.Shipped.txt
#
# Both leave the files sorted the way the analyzer's own fix writes them, so a diff shows only the change.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" != "--ship" ]]; then
    for project in src/*/*.csproj; do
        echo "== $project" >&2
        # RS0016 (public, not declared): the analyzer's own code fix adds the line to PublicAPI.Unshipped.txt.
        dotnet format analyzers "$project" --diagnostics RS0016 --severity warn
        # RS0017 (declared, no longer public) has no code fix: a line only in Unshipped goes; a shipped one is
        # marked *REMOVED* in Unshipped, as the analyzer's documentation asks.
        dotnet build "$project" -c Release -nologo -v quiet --no-incremental -p:TreatWarningsAsErrors=false 2>&1 |
            python3 -c '
import re, sys
unshipped = {}
for m in re.finditer(r"^(.*/PublicAPI\.(Shipped|Unshipped)\.txt)\(\d+,\d+(?:,\d+,\d+)?\): warning RS0017: Symbol .(.*). is part of the declared API", sys.stdin.read(), re.M):
    path, kind, symbol = m.groups()
    target = path.replace("Shipped.txt", "Unshipped.txt")
    lines = unshipped.setdefault(target, open(target, encoding="utf-8").read().splitlines())
    if kind == "Unshipped":
        lines[:] = [l for l in lines if l != symbol]
    elif "*REMOVED*" + symbol not in lines:
        lines.append("*REMOVED*" + symbol)
for path, lines in unshipped.items():
    open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
'
    done
    git status --short -- 'src/*/PublicAPI.*.txt'
    exit 0
fi

for unshipped in src/*/PublicAPI.Unshipped.txt; do
    shipped="$(dirname "$unshipped")/PublicAPI.Shipped.txt"
    python3 - "$shipped" "$unshipped" <<'PY'
import sys
shipped_path, unshipped_path = sys.argv[1:]
header = "#nullable enable"
def lines(path):
    return [l.rstrip("\n") for l in open(path, encoding="utf-8") if l.strip() and l.strip() != header]
shipped = set(lines(shipped_path))
for line in lines(unshipped_path):
    if line.startswith("*REMOVED*"):
        shipped.discard(line[len("*REMOVED*"):])
    else:
        shipped.add(line)
# The analyzer's code fix keeps the files in this order (ordinal, ignoring case).
body = sorted(shipped, key=lambda l: (l.lower(), l))
open(shipped_path, "w", encoding="utf-8").write("\n".join([header, *body]) + "\n")
open(unshipped_path, "w", encoding="utf-8").write(header + "\n")
PY
done
git status --short -- 'src/*/PublicAPI.*.txt'
