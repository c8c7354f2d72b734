#!/usr/bin/env bash
# The CDK app command (cdk.json): builds the Lambda jar when it is missing or older than the sources, then runs
# dev.lunora.infra.LunoraApp. Needs no AWS credentials and, once Maven's dependencies are cached, no network.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=functions/handlers/target/lunora-functions.jar
if [ ! -f "$jar" ] || [ -n "$(find functions pom.xml -newer "$jar" -type f \( -name '*.java' -o -name '*.xml' -o -name '*.properties' \) -not -path '*/target/*' -print -quit)" ]; then
  echo "Building the Lambda jar ($jar)…" >&2
  mvn -B -q -Dstyle.color=never -DskipTests -pl functions/handlers -am package >&2
fi
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
# stdout goes to stderr: the CLI reads the assembly from cdk.out, and Maven writes colour codes to stdout.
exec mvn -B -q -Dstyle.color=never -e -pl infra compile exec:java 1>&2
