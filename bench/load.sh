#!/usr/bin/env bash
# API under load: GET /api/destinations with 100 destinations, load from a second process (wrk).
#   bench/load.sh [duration=30s] [connections=16] [threads=2]
# Starts its own local mode on free-ish ports, seeds 100 destinations through the API, runs wrk, stops.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-30s}"; connections="${2:-16}"; threads="${3:-2}"
command -v wrk >/dev/null 2>&1 || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
source bench/local-with-destinations.sh
trap stop_local EXIT
start_local 18180 14666
base="http://127.0.0.1:18180"
seed_destinations "$base" 100 load
count=$(destination_count "$base")
echo "GET /api/destinations lists $count destinations ($(curl -s "$base/api/destinations" | wc -c) bytes)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
wrk -t"$threads" -c"$connections" -d5s "$base/api/destinations" > /dev/null   # warm-up (JIT)
wrk -t"$threads" -c"$connections" -d"$duration" --latency "$base/api/destinations"
