#!/usr/bin/env bash
# API under load: GET /api/destinations with 100 destinations, load from a second process (wrk).
#   bench/load.sh [duration=30s] [connections=16] [threads=2]
# Starts its own local mode on free-ish ports, seeds 100 destinations through the API, runs wrk, stops.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-30s}"; connections="${2:-16}"; threads="${3:-2}"
command -v wrk >/dev/null 2>&1 || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
port=18180; aws_port=14666
log="$(mktemp)"
./run-local.sh --port "$port" --aws-port "$aws_port" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 180); do grep -q "local mode is ready" "$log" && break; sleep 1; done
grep -q "local mode is ready" "$log" || { echo "local mode did not start:" >&2; tail -20 "$log" >&2; exit 1; }
base="http://127.0.0.1:$port"
existing=$(curl -s "$base/api/destinations" | python3 -c 'import sys,json; print(json.load(sys.stdin)["count"])')
for i in $(seq $((existing + 1)) 100); do
  curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d "{\"name\":\"Load $i\",\"platform\":\"custom\",\"rtmp_url\":\"rtmp://live.example.com/app\",\"stream_key\":\"load-key-$i-abcdefgh\"}" \
    "$base/api/destinations" | grep -q 201 || { echo "could not create destination $i" >&2; exit 1; }
done
count=$(curl -s "$base/api/destinations" | python3 -c 'import sys,json; print(json.load(sys.stdin)["count"])')
echo "GET /api/destinations lists $count destinations ($(curl -s "$base/api/destinations" | wc -c) bytes)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
wrk -t"$threads" -c"$connections" -d5s "$base/api/destinations" > /dev/null   # warm-up (JIT)
wrk -t"$threads" -c"$connections" -d"$duration" --latency "$base/api/destinations"
