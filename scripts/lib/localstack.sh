# shellcheck shell=bash
# LocalStack 4.14.0 in host mode (no Docker) for scripts/test and scripts/localstack: install it,
# pinned, into .tools/localstack, start it on 127.0.0.1, wait until every service it was asked for
# runs, stop it with everything it started. Sourced after emulators.sh (its log, lock, venv
# installer, ports). See docs/test-environment.md, "LocalStack".
#
# An instance's files in .run/: <instance>-localstack.pid ("pid port"), <instance>-localstack.log,
# <instance>-localstack/ (LocalStack's FILESYSTEM_ROOT: its temporary state, emptied at each start;
# its usr/lib/localstack is a link to the pieces installed in .tools/localstack/lib).

LS_VERSION=4.14.0
LS_HOME=$EMU_TOOLS/localstack
LS_PINS=$EMU_LIB/localstack
# What the end-to-end tests use (stepfunctions: guard-runtime's StepFunctionsHopIT). scripts/localstack
# serves more (WRIT_LOCALSTACK_SERVICES).
LS_TEST_SERVICES=kms,dynamodb,dynamodbstreams,s3,stepfunctions

# The opt-out, said the same way everywhere.
LS_OPT_OUT="to run the end-to-end tests against the direct emulators instead: WRIT_LOCALSTACK=off scripts/test"

# ---------------------------------------------------------------- install (idempotent)

# A Python >= 3.12 (4.14.0 uses 3.12 syntax): WRIT_LOCALSTACK_PYTHON, else python3.13, python3.12
# or python3 on PATH, else pyenv's. 3.13 first: upstream's lock file was compiled for it.
ls_python() {
  local py candidates=()
  if [[ -n ${WRIT_LOCALSTACK_PYTHON:-} ]]; then
    candidates=("$WRIT_LOCALSTACK_PYTHON")
  else
    local pyenv=${PYENV_ROOT:-$HOME/.pyenv}/versions
    candidates=(python3.13 "$pyenv"/3.13*/bin/python3 python3.12 "$pyenv"/3.12*/bin/python3 python3)
  fi
  for py in "${candidates[@]}"; do
    command -v "$py" >/dev/null 2>&1 || continue
    if "$py" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$py"
      return
    fi
  done
  return 1
}

ls_install() {
  emu_need mvn java flock sha256sum
  local python
  python=$(ls_python) || emu_die "LocalStack $LS_VERSION needs Python >= 3.12 with venv, and none was found" \
    "(tried ${WRIT_LOCALSTACK_PYTHON:-python3.13, python3.12, python3, pyenv 3.13/3.12}; python3 here is" \
    "$(python3 -V 2>&1)). Install one (pyenv install 3.13, or your distribution's python3.13 and python3.13-venv)," \
    "or name it with WRIT_LOCALSTACK_PYTHON=/path/to/python3.13; $LS_OPT_OUT"
  # In subshells: a failure has said what failed when it exits; the opt-out is added here.
  (emu_locked emu_install_venv "$LS_HOME/venv" "$LS_PINS/requirements.txt" python 'localstack.runtime.main' "$python") \
    || emu_die "LocalStack $LS_VERSION could not be installed (above); $LS_OPT_OUT"
  (emu_locked ls_install_dynamodb_local) || emu_die "LocalStack's DynamoDB Local could not be built (above); $LS_OPT_OUT"
  emu_locked ls_install_java
}

# LocalStack's DynamoDB provider runs DynamoDB Local from lib/dynamodb-local/2: DynamoDBLocal.jar
# (run with -jar) and ddb-local-loader-0.1.jar (its -javaagent). It would download both at run
# time; here Maven builds them from scripts/lib/localstack/dynamodb-local/pom.xml: the agent
# (IndexLimitAgent) and a launcher jar whose manifest lists the resolved jars (launcher.py).
ls_install_dynamodb_local() {
  local src=$LS_PINS/dynamodb-local build=$LS_HOME/build dir=$LS_HOME/lib/dynamodb-local/2 want
  want=$(cat "$src/pom.xml" "$WRIT_ROOT/pom.xml" "$LS_PINS/launcher.py" \
           "$src"/src/main/java/dev/writ/localstack/*.java | sha256sum | cut -d' ' -f1)
  if [[ -f $dir/stamp && $(<"$dir/stamp") == "$want" && -f $dir/DynamoDBLocal.jar && -f $dir/ddb-local-loader-0.1.jar ]] \
      && emu_classpath_present "$build/classpath"; then
    return
  fi
  emu_log "building DynamoDB Local for LocalStack with Maven (scripts/lib/localstack/dynamodb-local/pom.xml)"
  rm -rf "$dir" "$build"
  mkdir -p "$dir"
  local out
  out=$(mvn -B -q -ntp -f "$src/pom.xml" package dependency:build-classpath -Dwrit.localstack.build="$build" \
          -Dmdep.includeScope=runtime -Dmdep.outputFile="$build/classpath" </dev/null 2>&1) \
    || { printf '%s\n' "$out" >&2; emu_die "Maven could not build DynamoDB Local for LocalStack (output above)"; }
  cp "$build"/writ-localstack-dynamodb-local-*.jar "$dir/ddb-local-loader-0.1.jar"
  python3 "$LS_PINS/launcher.py" "$build/classpath" "$dir/DynamoDBLocal.jar" \
    || emu_die "could not write DynamoDB Local's launcher jar for LocalStack"
  echo "$want" >"$dir/stamp"
}

# LocalStack runs DynamoDB Local with the Java it finds in lib/java/21 (bin/java). DynamoDB Local
# 2.x needs 17 or later: the JDK this build runs on serves, linked (nothing is downloaded).
ls_install_java() {
  local home
  home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
  "$home/bin/java" -version >/dev/null 2>&1 || emu_die "no java under $home (JAVA_HOME) for LocalStack's DynamoDB Local"
  mkdir -p "$LS_HOME/lib/java"
  [[ $(readlink "$LS_HOME/lib/java/21") == "$home" ]] || ln -sfn "$home" "$LS_HOME/lib/java/21"
}

# ---------------------------------------------------------------- processes

# True if pid is the LocalStack we started on that port: its command line and its GATEWAY_LISTEN.
ls_pid_is() { # pid port
  emu_pid_is "$1" "$LS_HOME/venv/bin/python -m localstack.runtime.main" \
    && tr '\0' '\n' <"/proc/$1/environ" 2>/dev/null | grep -qx "GATEWAY_LISTEN=127.0.0.1:$2"
}

ls_alive() { # instance -> sets EMU_PID EMU_PORT
  emu_read_pid "$1" localstack && ls_pid_is "$EMU_PID" "$EMU_PORT"
}

# Start LocalStack in the background and record "pid port". In a session of its own, away from
# the terminal: a Ctrl-C reaches scripts/test's trap, which stops it, not LocalStack half-way.
ls_spawn() { # instance port services
  local instance=$1 port=$2 services=$3 root=$EMU_RUN/$1-localstack
  rm -rf "$root"
  mkdir -p "$root/usr/lib"
  ln -s "$LS_HOME/lib" "$root/usr/lib/localstack"
  # OVERRIDE_IN_DOCKER=0: a /.dockerenv would make it write under /var/lib, /etc and /usr/lib.
  # GATEWAY_SERVER=hypercorn: the default server binds 0.0.0.0 whatever GATEWAY_LISTEN says.
  # The v2 DynamoDB Streams provider reads DynamoDB Local's own streams; the default one copies into
  # kinesis-mock asynchronously (the first record after CreateTable was lost).
  # DDB_LOCAL_TELEMETRY=0: LocalStack starts DynamoDB Local without -disableTelemetry; the child
  # inherits this and sends no usage events to Amazon Pinpoint.
  # ENABLE_CONFIG_UPDATES=1: POST /_localstack/config changes settings while it runs (on loopback
  # only); ThrottledLineageIT throttles DynamoDB writes with it (DYNAMODB_WRITE_ERROR_PROBABILITY).
  ENABLE_CONFIG_UPDATES=1 OVERRIDE_IN_DOCKER=0 FILESYSTEM_ROOT=$root GATEWAY_LISTEN=127.0.0.1:$port GATEWAY_SERVER=hypercorn \
  LOCALSTACK_HOST=127.0.0.1:$port SQS_ENDPOINT_STRATEGY=path SERVICES=$services EAGER_SERVICE_LOADING=1 \
  PROVIDER_OVERRIDE_DYNAMODB=v2 PROVIDER_OVERRIDE_DYNAMODBSTREAMS=v2 DYNAMODB_IN_MEMORY=1 PERSISTENCE=0 \
  DISABLE_EVENTS=1 DDB_LOCAL_TELEMETRY=0 SKIP_SSL_CERT_DOWNLOAD=1 DNS_ADDRESS=0 \
    setsid "$LS_HOME/venv/bin/python" -m localstack.runtime.main </dev/null >>"$EMU_RUN/$instance-localstack.log" 2>&1 &
  echo "$! $port" >"$EMU_RUN/$instance-localstack.pid"
}

# Start and wait until every service answers as running. Port 0: a free one (three tries if it is
# taken between choosing and binding); another port: that one, or fail.
ls_up() { # instance port services
  local instance=$1 port=$2 services=$3 attempt rc version log=$EMU_RUN/$1-localstack.log
  ls_install
  ls_down "$instance" # a leftover of a killed run
  mkdir -p "$EMU_RUN"
  : >"$log"
  for attempt in 1 2 3; do
    local p=$port
    if [[ $p == 0 ]]; then
      p=$(emu_net free-port) || emu_die "could not pick a free port"
    fi
    local started=$SECONDS
    ls_spawn "$instance" "$p" "$services"
    emu_read_pid "$instance" localstack
    rc=0
    emu_net wait "$EMU_PID" "$EMU_PORT" "$EMU_TIMEOUT" \
      && version=$(emu_net localstack "http://127.0.0.1:$EMU_PORT" "$services" "$EMU_TIMEOUT" "$EMU_PID") \
      || rc=$?
    case $rc in
      0) emu_log "LocalStack $version ready on http://127.0.0.1:$EMU_PORT in $((SECONDS - started)) s (pid $EMU_PID, services $services, log ${log#"$WRIT_ROOT"/})"
         return ;;
      3) emu_log "LocalStack exited on port $EMU_PORT (attempt $attempt); log tail:"
         tail -n 8 "$log" >&2
         [[ $port == 0 ]] && ((attempt < 3)) && grep -q -i 'address already in use' "$log" && continue ;;
    esac
    ls_down "$instance"
    emu_die "LocalStack did not get ready on 127.0.0.1:$EMU_PORT within ${EMU_TIMEOUT}s; see $log; $LS_OPT_OUT"
  done
}

# Stop the instance's LocalStack: SIGTERM (it stops its services, DynamoDB Local among them, in
# 5-10 s), then SIGKILL after 15 s (its shutdown sometimes hangs; its state is in memory, nothing is
# lost). Then SIGKILL what it left: DynamoDB Local runs in a session of its own and outlives a
# LocalStack that crashed or was killed; it is found by the instance's directory in its command line.
ls_down() { # instance
  local instance=$1 f pid marker=$EMU_RUN/$1-localstack/
  if emu_read_pid "$instance" localstack; then
    emu_terminate "$EMU_PID" 15 LocalStack ls_pid_is "$EMU_PID" "$EMU_PORT"
  fi
  for f in $(grep -lsF -- "$marker" /proc/[0-9]*/cmdline); do
    pid=${f#/proc/}
    pid=${pid%/cmdline}
    [[ $pid != "$$" ]] && emu_pid_is "$pid" "$marker" && kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$EMU_RUN/$instance-localstack.pid"
}

# For scripts/test: start the tests' LocalStack on a free port and export WRIT_LOCALSTACK_ENDPOINT,
# which localstack-tests sends every call to. With WRIT_TEST_ENDPOINT, that endpoint is the
# LocalStack (nothing is started). WRIT_LOCALSTACK=off is the explicit opt-out: exported to the
# tests, which then run against the direct emulators and say so.
ls_for_tests() { # instance
  case ${WRIT_LOCALSTACK:-} in
    off)
      unset WRIT_LOCALSTACK_ENDPOINT
      export WRIT_LOCALSTACK=off
      emu_log "WRIT_LOCALSTACK=off: LocalStack NOT started; the end-to-end tests (localstack-tests) run against the direct emulators"
      return ;;
    '') ;;
    *) emu_die "WRIT_LOCALSTACK is either unset (LocalStack runs the end-to-end tests) or off, not '$WRIT_LOCALSTACK'" ;;
  esac
  if [[ -n ${WRIT_TEST_ENDPOINT:-} ]]; then
    export WRIT_LOCALSTACK_ENDPOINT=$WRIT_TEST_ENDPOINT
    emu_log "WRIT_LOCALSTACK_ENDPOINT=$WRIT_TEST_ENDPOINT (WRIT_TEST_ENDPOINT): the end-to-end tests check it is a LocalStack"
    return
  fi
  ls_up "$1" 0 "$LS_TEST_SERVICES"
  emu_read_pid "$1" localstack
  export WRIT_LOCALSTACK_ENDPOINT=http://127.0.0.1:$EMU_PORT
}

# After Maven: say it if the LocalStack we started died during the run (its tests failed with
# "connection refused"; the cause is in its log), and repeat the opt-out so the end of the log shows it.
ls_after_tests() { # instance
  if [[ ${WRIT_LOCALSTACK:-} == off ]]; then
    emu_log "WRIT_LOCALSTACK=off: the end-to-end tests ran against the direct emulators, NOT LocalStack"
  elif emu_read_pid "$1" localstack && ! ls_pid_is "$EMU_PID" "$EMU_PORT"; then
    emu_log "LocalStack (pid $EMU_PID, port $EMU_PORT) exited during the run; last lines of $EMU_RUN/$1-localstack.log:"
    tail -n 20 "$EMU_RUN/$1-localstack.log" >&2
  fi
}

# ls_down, but only if this script owns the instance (scripts/test's emu_up made it the owner).
ls_down_own() { # instance
  [[ $(cat "$EMU_RUN/$1.owner" 2>/dev/null) == "$$" ]] && ls_down "$1"
  return 0
}
