# Sourced by bench/load.sh and bench/cold-start.sh: starts local mode in the background and fills it with
# destinations through the API.  Usage: start_local PORT AWS_PORT; seed_destinations BASE_URL COUNT PREFIX
# Sets LOCAL_PID; the caller's EXIT trap should call stop_local.

start_local() {
  LOCAL_LOG="$(mktemp)"
  ./run-local.sh --port "$1" --aws-port "$2" > "$LOCAL_LOG" 2>&1 &
  LOCAL_PID=$!
  for _ in $(seq 1 180); do grep -q "local mode is ready" "$LOCAL_LOG" && return 0; sleep 1; done
  echo "local mode did not start:" >&2; tail -20 "$LOCAL_LOG" >&2; return 1
}

stop_local() {
  kill "$LOCAL_PID" 2>/dev/null || true
  wait "$LOCAL_PID" 2>/dev/null || true
  rm -f "$LOCAL_LOG"
}

destination_count() {
  curl -s "$1/api/destinations" | python3 -c 'import sys,json; print(json.load(sys.stdin)["count"])'
}

seed_destinations() {
  local base="$1" count="$2" prefix="$3" existing i
  existing=$(destination_count "$base")
  for i in $(seq $((existing + 1)) "$count"); do
    curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
      -d "{\"name\":\"$prefix $i\",\"platform\":\"custom\",\"rtmp_url\":\"rtmp://live.example.com/app\",\"stream_key\":\"$prefix-key-$i-abcdefgh\"}" \
      "$base/api/destinations" | grep -q 201 || { echo "could not create destination $i" >&2; return 1; }
  done
}
