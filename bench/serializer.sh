#!/usr/bin/env bash
# The serializer micro-bench: the protocol serializer vs Akka's Newtonsoft on the real journal events and hot messages.
# Usage: bench/serializer.sh [--iterations N]   (default 20000 round trips per sample and serializer)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/ColdEmail.Benchmarks -- harness serializer "$@"
