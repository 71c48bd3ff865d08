#!/usr/bin/env bash
# A warm writ exchange (ExchangeBenchmark, kms-delegated) on each writ key kind and child kind,
# interleaved: each round runs every configuration once, in a rotated order, each in a fresh JVM,
# so neighbouring runs see the same machine; then the median (and range) over rounds of each one's
# CPU µs per exchange and of its ratio to the first configuration of the same round (the baseline:
# the earlier figure's P-256 key and lambda:Invoke child).
# The KMS is LocalStack's (moto's PSS signatures do not verify): started through scripts/localstack
# with only KMS if it is not running (WRIT_LOCALSTACK_PORT, default 4566), and stopped again after.
# Usage (from the repository root; compiles what it needs first):
#   authorizer/bench/exchange-keys.sh [ROUNDS [JMH_TIMING]]
# ROUNDS default 5; JMH_TIMING (warm-up and measurement, as JMH options) default "-wi 2 -w 2s -i 3 -r 2s".
set -euo pipefail
rounds=${1:-5}
read -r -a timing <<<"${2:--wi 2 -w 2s -i 3 -r 2s}"
root=$(cd "$(dirname "$0")/../.." && pwd)
configs=("ECC_NIST_P256 lambda:Invoke" "RSA_2048 lambda:Invoke" "RSA_2048 sqs:SendMessage" "ECC_NIST_P256 sqs:SendMessage")

started=
status=$("$root/scripts/localstack" status 2>/dev/null)
if [[ $status != "localstack: running"* ]]; then
  WRIT_LOCALSTACK_SERVICES=kms "$root/scripts/localstack" start >/dev/null
  started=1
fi
stop() { [[ -z $started ]] || "$root/scripts/localstack" stop >/dev/null; }
trap stop EXIT
# shellcheck disable=SC1091
source "$root/.run/localstack.env"
export AWS_ENDPOINT_URL_KMS=$AWS_ENDPOINT_URL
unset AWS_ENDPOINT_URL

cd "$root/authorizer"
cp=$("$root/scripts/classpath" authorizer)
results=$(mktemp)
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); JMH timing: ${timing[*]}"
for ((round = 0; round < rounds; round++)); do
  for ((i = 0; i < ${#configs[@]}; i++)); do
    c=${configs[(i + round) % ${#configs[@]}]}
    read -r spec hop <<<"$c"
    out=$(java -cp "$cp" org.openjdk.jmh.Main 'ExchangeBenchmark' -p mode=kms-delegated -p keySpec="$spec" -p hop="$hop" \
            -f 1 "${timing[@]}" 2>&1) || true
    line=$(grep '^\[exchange\] mode=' <<<"$out") \
      || { printf '%s\n' "$out" >&2; echo "round $round: $spec $hop failed (its output above)" >&2; exit 1; }
    algs=$(grep -m1 '^\[exchange\] child alg' <<<"$out")
    provider=$(grep -m1 '^\[crypto\]' <<<"$out")
    echo "round $round: $line ${algs#\[exchange\] } ${provider#\[crypto\] }"
    echo "$round $spec $hop $(sed -E 's/.*cpuPerExchangeMicros=([0-9.]+) kmsCallsAfterSetUp=([0-9]+).*/\1 \2/' <<<"$line")" \
         "$(sed -E 's/.*child alg=([A-Z0-9]+).*/\1/' <<<"$algs")" >>"$results"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "${configs[0]}" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
base = tuple(sys.argv[2].split())
cpu = {}
for r in rows:
    cpu.setdefault((r[1], r[2]), {})[r[0]] = (float(r[3]), int(r[4]), r[5])
print("\n| key | child | child alg | CPU µs per exchange, median (range) | ÷ P-256 lambda:Invoke, median (range) | KMS calls after set-up |")
print("|---|---|---|---:|---:|---:|")
for key, runs in cpu.items():
    values = sorted(v[0] for v in runs.values())
    ratios = sorted(v[0] / cpu[base][r][0] for r, v in runs.items())
    calls = sum(v[1] for v in runs.values())
    alg = next(iter(runs.values()))[2]
    print(f"| {key[0]} | {key[1]} | {alg} | {statistics.median(values):.0f} ({values[0]:.0f}–{values[-1]:.0f}) "
          f"| {statistics.median(ratios):.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f}×) | {calls} |")
PY
rm -f "$results"
