#!/usr/bin/env bash
# Cold start of the bundle path: N fresh JVMs each load the signed payments-api bundle file
# (verify signature and hash, compile, strict validation, native library load) and decide once.
# Usage (from policy-bundles/): bench/coldstart.sh [N]   (compiles what it needs first)
set -euo pipefail
n=${1:-5}
cp=$(../scripts/classpath policy-bundles)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -cp "$cp" dev.writ.policy.bench.ColdStart prepare "$work" 2>/dev/null
for _ in $(seq "$n"); do
  java -XX:TieredStopAtLevel=1 -cp "$cp" dev.writ.policy.bench.ColdStart load "$work" 2>/dev/null
done
