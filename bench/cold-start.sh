#!/usr/bin/env bash
# The API handler's first response from a fresh JVM (what a Lambda without SnapStart pays), and each jar's size.
#   bench/cold-start.sh [runs=5]
# Builds the function jar, starts local mode, seeds 100 destinations, then runs ColdStart in fresh JVMs with the
# function's environment, with Lambda's default JIT setting for java21 (tiered compilation stops at level 1) and
# without it.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
mvn -B -q -pl bench -am -DskipTests package >/dev/null
jar=functions/handlers/target/lunora-functions.jar
echo "Function jar (one jar, every handler): $(stat -c %s "$jar") bytes zipped, $(unzip -l "$jar" | tail -1 | awk '{print $1}') bytes unzipped (Lambda limit 250 MB unzipped)"
for j in local/target/lunora-local.jar; do [ -f "$j" ] && echo "Local mode jar (not deployed): $(stat -c %s "$j") bytes"; done
source bench/local-with-destinations.sh
trap stop_local EXIT
aws_port=14766
start_local 18280 "$aws_port"
seed_destinations "http://127.0.0.1:18280" 100 cold
export AWS_REGION=us-west-2 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_ENDPOINT_URL="http://127.0.0.1:$aws_port"
export MEDIALIVE_CHANNEL_ID=3714710 MEDIALIVE_REGION=us-west-2 DESTINATIONS_TABLE=lunora-destinations PRESETS_TABLE=lunora-presets
export CHANNELS_TABLE=lunora-channels SESSIONS_TABLE=lunora-sessions SCHEDULE_GROUP=lunora POWERTOOLS_LOG_LEVEL=WARN
export STATE_MACHINE_ARN=arn:aws:states:us-west-2:000000000000:stateMachine:lunora-channel-reconcile
cp="$jar:bench/target/classes"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
for opts in "-XX:+TieredCompilation -XX:TieredStopAtLevel=1" "(JVM defaults)"; do
  echo "JVM options: $opts"
  for _ in $(seq 1 "$runs"); do
    if [ "$opts" = "(JVM defaults)" ]; then java -cp "$cp" dev.lunora.bench.ColdStart 2>/dev/null | tail -1
    else java $opts -cp "$cp" dev.lunora.bench.ColdStart 2>/dev/null | tail -1; fi
  done
done
