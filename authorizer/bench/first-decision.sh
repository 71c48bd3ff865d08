#!/usr/bin/env bash
# Fresh JVM to first decision: runs `writ authorize` (the authorizer engine, local signing mode) on
# one HTTP API event N times, each in a new JVM, and prints the wall time of each run and the
# engine's own latency for the decision (from its log line).
# Usage (from the repository root, after `mvn -B -pl writ-cli -am package -DskipTests`):
#   authorizer/bench/first-decision.sh [N]
set -euo pipefail
n=${1:-5}
cd "$(dirname "$0")/.."
cp=$(../scripts/classpath authorizer)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -cp "$cp" bench/FirstDecisionFixture.java "$work" >/dev/null
jar=../writ-cli/target/writ.jar
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| run | JVM start to exit (ms) | decision inside the engine (ms) | decision |"
echo "|---:|---:|---:|---|"
for i in $(seq 1 "$n"); do
  start=$(date +%s%N)
  set +e
  java -XX:TieredStopAtLevel=1 -jar "$jar" authorize --bundle "$work/bundle.json" --event "$work/event.json" \
    --idp-jwks "$work/idp-jwks.json" --idp-issuer https://idp.example --idp-audience web --key "$work/k" \
    >"$work/out.json" 2>"$work/err.log"
  set -e
  end=$(date +%s%N)
  us=$(grep -o '"latencyUs":[0-9]*' "$work/err.log" | head -1 | cut -d: -f2)
  decision=$(grep -o '"decision":"[a-z]*"' "$work/out.json" | head -1 | cut -d'"' -f4)
  echo "| $i | $(( (end - start) / 1000000 )) | $(( ${us:-0} / 1000 )) | $decision |"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
