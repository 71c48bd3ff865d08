#!/usr/bin/env bash
# Fresh JVM to first decision through the Micronaut handler of the shaded Lambda jar
# (HttpSimpleAuthorizerFunction, local signing mode, WRIT_* set as in Lambda; the IdP JWKS is a
# file: URL). Prints JVM start (RuntimeMXBean start time) to the first answer, N runs.
# Usage (from the repository root, after `mvn -B -pl authorizer-fn -am package -DskipTests`):
#   authorizer/bench/handler-first-decision.sh [N]
set -euo pipefail
n=${1:-5}
cd "$(dirname "$0")/.."
cp=$(../scripts/classpath authorizer)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -cp "$cp" bench/FirstDecisionFixture.java "$work" >/dev/null 2>&1
javac -d "$work/cls" -cp ../authorizer-fn/target/authorizer-fn.jar bench/HandlerFirstDecision.java
export WRIT_AUTHORIZER_IDP_ISSUER=https://idp.example WRIT_AUTHORIZER_IDP_AUDIENCE=web WRIT_AUTHORIZER_IDP_JWKS_URL="file://$work/idp-jwks.json" \
  WRIT_AUTHORIZER_ISSUER=writ-dev WRIT_AUTHORIZER_SIGNING_MODE=local WRIT_AUTHORIZER_LOCAL_KEY="$work/k/private.jwk" \
  WRIT_AUTHORIZER_BUNDLE_FILE="$work/bundle.json" WRIT_AUTHORIZER_BUNDLE_TRUSTED_JWKS="$work/k/jwks.json"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
# Alternating runs with the bundled ACCP (default) and with WRIT_CRYPTO_PROVIDER=jdk: its
# background load at init must not delay the first decision.
for i in $(seq 1 "$n"); do
  for crypto in auto jdk; do
    printf 'WRIT_CRYPTO_PROVIDER=%s ' "$crypto"
    WRIT_CRYPTO_PROVIDER=$crypto java -XX:TieredStopAtLevel=1 -cp "../authorizer-fn/target/authorizer-fn.jar:$work/cls" \
      HandlerFirstDecision "$work/event.json" 2>/dev/null | tail -1
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
