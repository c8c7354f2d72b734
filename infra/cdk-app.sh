#!/usr/bin/env bash
# The CDK app command (cdk.json): builds the Lambda jar and the relay jar (with its lib/ folder, which the relay's
# container image copies) when either is missing or older than its sources, then runs dev.lunora.infra.LunoraApp.
# Needs no AWS credentials and, once Maven's dependencies are cached, no network. The image itself is built by the
# CDK CLI at deploy, not here.
set -euo pipefail
cd "$(dirname "$0")/.."

# stale JAR DIR...: true when JAR is missing or any source (java, xml, properties) under DIR... is newer.
stale() {
  local jar=$1; shift
  [ ! -f "$jar" ] || [ -n "$(find "$@" -newer "$jar" -type f \( -name '*.java' -o -name '*.xml' -o -name '*.properties' \) -not -path '*/target/*' -print -quit)" ]
}
modules=()
if stale functions/handlers/target/lunora-functions.jar functions pom.xml; then modules+=(functions/handlers); fi
# The relay depends on functions/core and functions/aws, so their sources count too.
if stale relay/target/lunora-relay.jar relay functions/core functions/aws pom.xml || [ ! -d relay/target/lib ]; then modules+=(relay); fi
if [ ${#modules[@]} -gt 0 ]; then
  echo "Building ${modules[*]}…" >&2
  mvn -B -q -Dstyle.color=never -DskipTests -pl "$(IFS=,; echo "${modules[*]}")" -am package >&2
fi
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
# stdout goes to stderr: the CLI reads the assembly from cdk.out, and Maven writes colour codes to stdout.
exec mvn -B -q -Dstyle.color=never -e -pl infra compile exec:java 1>&2
