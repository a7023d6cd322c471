#!/usr/bin/env bash
# Issue 13, process-level figures of cluster mode. Three real `coldemail run` processes in cluster mode on loopback (static seed
# nodes), the journal (Akka.Persistence.Sql) AND the warehouse on one PostgreSQL 15 started from the machine's binaries
# (initdb/pg_ctl in a temp dir; three processes cannot share one DuckDB file, so the PostgreSQL warehouse adapter is used),
# the Instantly sandbox as its own process WITH its real limits (100 requests/s, 6,000/min), and N ready leads. Printed:
#   - requests seen by the sandbox (GET /_sandbox/requests): max in one second, max in one minute, 429s (after the first adaptation)
#   - kill -9 of a node hosting campaigns (not the oldest): seconds until its campaigns run on other nodes (goal <= 30 s)
#   - that node restarted, then SIGTERM of a node hosting campaigns: seconds for the hand-over (goal <= 5 s)
#   - that node restarted, then kill -9 of the OLDEST node (singletons and shard coordinator): seconds until its campaigns and
#     every singleton run on the survivors
#   - duplicates in the sandbox (goal 0) and leads lost (recorded as enrolled but not in Instantly, or the reverse; goal 0)
# Placement is read from the nodes' own GET /cluster (what `coldemail cluster status` shows).
# Exit code 1 when a HARD goal fails: duplicates, lost leads, > 100 requests/s or > 6,000/min (the fail-over times are
# reported against their goals but do not fail the run: they depend on the machine's load).
#
#   bench/cluster.sh [--leads 20000] [--configuration Release] [--work DIR] [--skip-build]
#
# The full run (20,000 leads) takes several minutes and three daemons plus PostgreSQL: run it on an otherwise idle machine.
# Smoke run: bench/cluster.sh --leads 2000. Logs of every process stay in the work dir (printed at start).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
leads=20000
configuration=Release
work=""
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --leads) leads=$2; shift 2 ;;
    --configuration) configuration=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --skip-build) build=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ -n "$work" ]] || work=$(mktemp -d /tmp/coldemail-cluster-bench.XXXXXX)
mkdir -p "$work"
# PostgreSQL runs as the postgres user when this script runs as root: it must be able to enter the work dir.
chmod 755 "$work"

if [[ $build -eq 1 ]]; then
  dotnet build "$root/src/ColdEmail.Cli" -c "$configuration" -nologo -v quiet
  dotnet build "$root/bench/ColdEmail.Benchmarks" -c "$configuration" -nologo -v quiet
fi
dll="$root/src/ColdEmail.Cli/bin/$configuration/net10.0/coldemail.dll"
[[ -f "$dll" ]] || { echo "no $dll: build src/ColdEmail.Cli -c $configuration first" >&2; exit 2; }

exec dotnet "$root/bench/ColdEmail.Benchmarks/bin/$configuration/net10.0/ColdEmail.Benchmarks.dll" \
  harness cluster-processes --leads "$leads" --dll "$dll" --work "$work"
