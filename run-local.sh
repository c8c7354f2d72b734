#!/usr/bin/env bash
# Starts Lunora local mode (README's first command). Builds first when the jar is missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")"
jar=local/target/lunora-local.jar
if [ ! -f "$jar" ] || [ -n "$(find functions local statemachines pom.xml -newer "$jar" -type f \( -name '*.java' -o -name '*.json' -o -name '*.xml' \) -not -path '*/target/*' -print -quit)" ]; then
  echo "Building Lunora (first run or sources changed)…" >&2
  mvn -B -q -DskipTests install -pl local -am
fi
export POWERTOOLS_SERVICE_NAME="${POWERTOOLS_SERVICE_NAME:-lunora}"
exec java -jar "$jar" "$@"
