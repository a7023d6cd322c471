#!/usr/bin/env bash
# Issue 12, "Bounded resources". Two measurements, printed as they run:
#  (a) the pipeline-enrol harness at 1,200,000 leads against an EXTERNAL sandbox process (so the figures are the
#      pipeline's own: warehouse, actors, journal, HTTP client), reporting peak working set and leads/s;
#  (b) 100 consecutive sync+drain cycles of the demo (demo-cycles harness), reporting memory after the first and the
#      last cycle (and every 10th).
# Defaults are the product's (coldemail.warehouse.duckdb.memory-limit = 128MB, reading-memory-limit = 48MB, threads = 2);
# compare with the old behaviour (DuckDB's default: 80 % of RAM) by passing --memory-limit 64GB --reading-memory-limit 64GB,
# and with one limit throughout by giving both the same size.
#
#   bench/memory.sh [--leads 1200000] [--cycles 100] [--memory-limit 128MB] [--reading-memory-limit 48MB] [--threads 2] [--pause-ms 0] [--arena-max N]
#                   [--malloc-fixed] [--skip-enrol] [--skip-cycles] [--no-build]
# --pause-ms: idle between demo cycles (>= 2000 lets the warehouse file's idle release close DuckDB after each, as
# between a daemon's runs). --arena-max N: runs the harnesses with MALLOC_ARENA_MAX=N (glibc; 2 keeps ~30 MB less free
# memory resident in malloc arenas; it must be in the environment before the process starts, so it is the deployment's
# choice, not the daemon's). --malloc-fixed: MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ at 128 KB, as the Dockerfile
# sets them (glibc otherwise raises both after freeing large blocks and keeps the freed memory). Both harnesses print where the native memory sits (DuckDB's jemalloc, glibc, RSS split).
#
# BENCH_ALLOC_TICKS=1 in the environment: the enrol harness also prints which types the managed allocations (small and
# large-object heap) were, sampled from the runtime's allocation ticks. The warehouse-rank harness (run it directly:
# `harness warehouse-rank --prospects N [--with-states] --memory-limit M --threads T`) ranks one campaign's ready set
# alone, to find what DuckDB limits a warehouse size needs without a whole sync.
#
# Takes minutes at full size and uses both cores: run it on an otherwise idle machine (a 50,000-lead smoke run:
# bench/memory.sh --leads 50000 --cycles 5).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
leads=1200000
cycles=100
memory=128MB
reading=48MB
threads=2
enrol=1
demo=1
pause=0
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --leads) leads=$2; shift 2 ;;
    --cycles) cycles=$2; shift 2 ;;
    --memory-limit) memory=$2; shift 2 ;;
    --reading-memory-limit) reading=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --pause-ms) pause=$2; shift 2 ;;
    --arena-max) export MALLOC_ARENA_MAX=$2; shift 2 ;;
    --malloc-fixed) export MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072; shift ;;
    --skip-enrol) enrol=0; shift ;;
    --skip-cycles) demo=0; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ $build -eq 1 ]]; then
  echo "== building (Release)"
  dotnet build -c Release -v quiet -nologo "$root/bench/ColdEmail.Benchmarks" >/dev/null
  dotnet build -c Release -v quiet -nologo "$root/src/ColdEmail.Sandbox" >/dev/null
fi
bench_dll="$root/bench/ColdEmail.Benchmarks/bin/Release/net10.0/ColdEmail.Benchmarks.dll"
sandbox_dll="$root/src/ColdEmail.Sandbox/bin/Release/net10.0/ColdEmail.Sandbox.dll"
work=$(mktemp -d -t coldemail-memory-XXXXXX)
sandbox_pid=""
cleanup() {
  if [[ -n "$sandbox_pid" ]] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill -TERM "$sandbox_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$sandbox_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "DuckDB memory-limit $memory (reading $reading), threads $threads; MALLOC_ARENA_MAX ${MALLOC_ARENA_MAX:-unset}, MALLOC_MMAP_THRESHOLD_ ${MALLOC_MMAP_THRESHOLD_:-unset}, MALLOC_TRIM_THRESHOLD_ ${MALLOC_TRIM_THRESHOLD_:-unset}"

if [[ $enrol -eq 1 ]]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  url="http://127.0.0.1:$port"
  echo "== (a) pipeline-enrol, $leads leads, sandbox process at $url"
  dotnet "$sandbox_dll" --urls "$url" --api-key bench-key --no-rate-limits --state-file "$work/sandbox-state.json" \
    >"$work/sandbox.log" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 1 150); do
    curl -fs -o /dev/null -H "Authorization: Bearer bench-key" "$url/api/v2/campaigns?limit=1" && break
    kill -0 "$sandbox_pid" 2>/dev/null || { echo "the sandbox did not start:"; cat "$work/sandbox.log"; exit 1; }
    sleep 0.2
  done
  # /usr/bin/time gives the kernel's own peak RSS of the whole harness process, next to the harness's sampled figures.
  timer=()
  [[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f "kernel: max resident set %M KB, elapsed %e s")
  # The sandbox shares the cores: its CPU (utime + stime, in clock ticks) is counted beside the harness's own.
  sandbox_cpu() { awk '{print $14 + $15}' "/proc/$sandbox_pid/stat"; }
  sandbox_before=$(sandbox_cpu)
  "${timer[@]}" dotnet "$bench_dll" harness pipeline-enrol --leads "$leads" --sandbox-url "$url" --api-key bench-key \
    --memory-limit "$memory" --reading-memory-limit "$reading" --threads "$threads"
  echo "sandbox process CPU during the run: $(awk -v t=$(( $(sandbox_cpu) - sandbox_before )) -v hz=$(getconf CLK_TCK) 'BEGIN {printf "%.1f s", t / hz}') (add it to the harness's process CPU for CPU per lead)"
  kill -TERM "$sandbox_pid" 2>/dev/null || true
  wait "$sandbox_pid" 2>/dev/null || true
  sandbox_pid=""
fi

if [[ $demo -eq 1 ]]; then
  echo "== (b) demo sync+drain cycles: $cycles"
  dotnet "$bench_dll" harness demo-cycles --cycles "$cycles" --pause-ms "$pause" --memory-limit "$memory" --reading-memory-limit "$reading" --threads "$threads"
fi
