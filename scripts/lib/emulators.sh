# shellcheck shell=bash
# The one implementation behind scripts/emulators and scripts/test: install the pinned
# emulators under .tools/, start them on free loopback ports, wait until they answer, write the
# AWS_* variables to .run/<instance>.env, stop them. Sourced, not run.
#
# An "instance" is a named set of running emulators with its own files in .run/:
#   <instance>.env  <instance>-<emulator>.pid ("pid port")  <instance>-<emulator>.log
#   <instance>.owner (pid of the script that started it: a live owner means "in use", a dead
#   one means its emulators are leftovers of a killed run and are stopped before a new start)
# scripts/emulators uses "emulators" (so .run/emulators.env), scripts/test uses "test", and
# `scripts/emulators check` uses "check", so a developer's emulators and a test run never
# stop each other.

WRIT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
EMU_LIB=$WRIT_ROOT/scripts/lib
EMU_TOOLS=$WRIT_ROOT/.tools
EMU_RUN=$WRIT_ROOT/.run
EMU_TIMEOUT=${WRIT_EMULATOR_TIMEOUT:-90}
EMU_NAMES=(dynamodb-local moto)

emu_log() { printf '[emulators] %s\n' "$*" >&2; }
emu_die() { emu_log "ERROR: $*"; exit 1; }

emu_need() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || emu_die "'$cmd' is not on PATH (needs: JDK 17, Maven, python3 with venv)"
  done
}

emu_net() { python3 "$EMU_LIB/net.py" "$@"; }

# ---------------------------------------------------------------- install (idempotent)

emu_install() {
  emu_need python3 mvn java flock sha256sum
  emu_locked emu_install_moto
  emu_locked emu_install_dynamodb_local
}

# Runs "$@" holding the checkout's install lock: two terminals, an IDE and a test run may install
# at once, one at a time per checkout.
emu_locked() {
  mkdir -p "$EMU_TOOLS"
  local lock
  exec {lock}>"$EMU_TOOLS/.install.lock"
  flock "$lock"
  "$@"
  exec {lock}>&-
}

# A Python tool in its own venv under .tools/, every package pinned by a requirements file (and
# the constraint files it names with `-c`). The stamp is their hash: reinstall only when the pins
# change or the venv is broken. The venv is made by python3, or by the given interpreter.
# pip writes the venv's absolute path into each console script's '#!' line, so a venv whose folder
# was moved (a clone moved, or created through a symlinked path that is gone) still imports but its
# scripts do not start. True when FILE is no script or the interpreter its '#!' line names exists.
emu_interpreter_present() { # file
  [[ $(head -c 2 "$1") != '#!' ]] && return 0
  local line
  line=$(head -n1 "$1")
  line=${line#'#!'}
  [[ -x ${line%% *} ]]
}

emu_install_venv() { # venv-dir requirements-file executable python-imports [python]
  local venv=$1 req=$2 exe=$3 imports=$4 python=${5:-python3} want constraints=()
  mapfile -t constraints < <(sed -n "s|^-c[[:space:]]*|$(dirname "$req")/|p" "$req")
  want=$(cat "$req" "${constraints[@]}" | sha256sum | cut -d' ' -f1)
  if [[ -f $venv/.writ-stamp && $(<"$venv/.writ-stamp") == "$want" && -x $venv/bin/$exe ]] \
      && emu_interpreter_present "$venv/bin/$exe" && "$venv/bin/python" -c "import $imports" 2>/dev/null; then
    return
  fi
  emu_log "installing $exe into ${venv#"$WRIT_ROOT"/} (pins: ${req#"$WRIT_ROOT"/})"
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  # Created under its physical path, so the '#!' lines do not name a symlinked folder that may go.
  venv=$(cd "$(dirname "$venv")" && pwd -P)/$(basename "$venv")
  "$python" -m venv "$venv" || emu_die "$python -m venv failed (Debian: apt-get install python3-venv)"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" || emu_die "pip install of $exe failed (pins: ${req#"$WRIT_ROOT"/})"
  echo "$want" >"$venv/.writ-stamp"
}

# moto server in .tools/venv (scripts/lib/moto/requirements.txt).
emu_install_moto() {
  emu_install_venv "$EMU_TOOLS/venv" "$EMU_LIB/moto/requirements.txt" moto_server 'moto, flask'
}

# DynamoDB Local's runtime classpath, resolved by Maven from scripts/lib/dynamodb-local/pom.xml.
# The version (and the SDK BOM that pins its transitive versions) live in the root pom, so the
# stamp covers both poms; the jars themselves stay in the local Maven repository.
emu_install_dynamodb_local() {
  local dir=$EMU_TOOLS/dynamodb-local pom=$EMU_LIB/dynamodb-local/pom.xml want
  want=$(cat "$pom" "$WRIT_ROOT/pom.xml" | sha256sum | cut -d' ' -f1)
  if [[ -f $dir/stamp && $(<"$dir/stamp") == "$want" ]] && emu_classpath_present "$dir/classpath"; then
    return
  fi
  emu_log "resolving the DynamoDB Local classpath with Maven (scripts/lib/dynamodb-local/pom.xml)"
  mkdir -p "$dir"
  rm -f "$dir/stamp"
  local out
  # Output only on failure: -q still prints stray colour resets in Maven 3.8.
  out=$(mvn -B -q -ntp -f "$pom" dependency:build-classpath \
          -Dmdep.includeScope=runtime -Dmdep.outputFile="$dir/classpath" </dev/null 2>&1) \
    || { printf '%s\n' "$out" >&2; emu_die "Maven could not resolve DynamoDB Local (output above)"; }
  echo "$want" >"$dir/stamp"
}

emu_classpath_present() {
  local jar jars
  [[ -s $1 ]] || return 1
  IFS=: read -ra jars <"$1"
  for jar in "${jars[@]}"; do [[ -f $jar ]] || return 1; done
}

# ---------------------------------------------------------------- processes

# What /proc/<pid>/cmdline must contain for a pid to be the emulator we started on that port:
# a pid file never makes us signal an unrelated process that reused the pid.
emu_signature() {
  case $1 in
    dynamodb-local) echo "ServerRunner -inMemory -port $2 " ;;
    moto) echo "moto_server -H 127.0.0.1 -p $2 " ;;
  esac
}

emu_pid_is() { # pid signature
  local args
  [[ -r /proc/$1/cmdline ]] || return 1
  args=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1 # it may exit after the check above
  [[ $args == *"$2"* ]]
}

# Start one emulator in the background on a fresh free port; records "pid port" in its pid file.
emu_spawn() { # instance name
  local instance=$1 name=$2 port cmd
  port=$(emu_net free-port) || emu_die "could not pick a free port"
  case $name in
    dynamodb-local)
      # Binds every interface (it has no host option); clients use 127.0.0.1.
      cmd=("${JAVA_HOME:+$JAVA_HOME/bin/}java" ${WRIT_DYNAMODB_JAVA_OPTS:--Xmx512m}
           -cp "$(<"$EMU_TOOLS/dynamodb-local/classpath")"
           com.amazonaws.services.dynamodbv2.local.main.ServerRunner
           -inMemory -port "$port" -disableTelemetry) ;;
    moto)
      cmd=("$EMU_TOOLS/venv/bin/moto_server" -H 127.0.0.1 -p "$port") ;;
  esac
  DDB_LOCAL_TELEMETRY=0 "${cmd[@]}" </dev/null >>"$EMU_RUN/$instance-$name.log" 2>&1 &
  echo "$! $port" >"$EMU_RUN/$instance-$name.pid"
}

emu_read_pid() { # instance name -> sets EMU_PID EMU_PORT, fails if no pid file
  local f=$EMU_RUN/$1-$2.pid
  EMU_PID='' EMU_PORT=''
  [[ -f $f ]] && read -r EMU_PID EMU_PORT <"$f" && [[ -n $EMU_PID && -n $EMU_PORT ]]
}

emu_alive() { # instance name
  emu_read_pid "$1" "$2" && emu_pid_is "$EMU_PID" "$(emu_signature "$2" "$EMU_PORT")"
}

emu_running() { # instance: true if any of its emulators is alive
  local name
  for name in "${EMU_NAMES[@]}"; do emu_alive "$1" "$name" && return 0; done
  return 1
}

# SIGTERM pid while the check says it is still ours, SIGKILL if it is after that many seconds.
emu_terminate() { # pid seconds name check-command...
  local pid=$1 seconds=$2 name=$3 i
  shift 3
  if "$@"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < seconds * 5; i++)); do
      "$@" || break
      sleep 0.2
    done
    if "$@"; then
      emu_log "$name (pid $pid) still running $seconds s after SIGTERM: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true # reap it when it is our child
}

emu_stop_one() { # instance name
  if emu_read_pid "$1" "$2"; then
    emu_terminate "$EMU_PID" 10 "$2" emu_pid_is "$EMU_PID" "$(emu_signature "$2" "$EMU_PORT")"
  fi
  rm -f "$EMU_RUN/$1-$2.pid"
}

# Stop every emulator of the instance and remove its env file. Safe to call any time, twice.
emu_down() { # instance
  local name
  for name in "${EMU_NAMES[@]}"; do emu_stop_one "$1" "$name"; done
  rm -f "$EMU_RUN/$1.env" "$EMU_RUN/$1.owner"
}

# emu_down, but only if this script started the instance: a run refused because another one
# holds the instance must not stop that one's emulators on its way out.
emu_down_own() { # instance
  [[ $(cat "$EMU_RUN/$1.owner" 2>/dev/null) == "$$" ]] && emu_down "$1"
  return 0
}

# ---------------------------------------------------------------- up

emu_write_env() { # instance dynamodb-url kms-url [shared-url]
  local f=$EMU_RUN/$1.env
  {
    echo "# Written by scripts/lib/emulators.sh; valid while instance '$1' runs. Use: source $f"
    [[ -n ${4:-} ]] && echo "export AWS_ENDPOINT_URL=$4"
    echo "export AWS_ENDPOINT_URL_DYNAMODB=$2"
    echo "export AWS_ENDPOINT_URL_KMS=$3"
    # moto also serves the CloudFormation and Lambda configuration APIs (writ assess --stack).
    echo "export AWS_ENDPOINT_URL_CLOUDFORMATION=$3"
    echo "export AWS_ENDPOINT_URL_LAMBDA=$3"
    # ... and the services a guarded function hops through (SQS, SNS, EventBridge), and STS.
    echo "export AWS_ENDPOINT_URL_SQS=$3"
    echo "export AWS_ENDPOINT_URL_SNS=$3"
    echo "export AWS_ENDPOINT_URL_EVENTBRIDGE=$3"
    echo "export AWS_ENDPOINT_URL_STS=$3"
    echo "export AWS_REGION=us-east-1"
    echo "export AWS_ACCESS_KEY_ID=test"
    echo "export AWS_SECRET_ACCESS_KEY=test"
  } >"$f.tmp"
  mv "$f.tmp" "$f"
}

emu_fail_up() { # instance message...
  local instance=$1
  shift
  emu_down "$instance"
  emu_die "$@"
}

# Bring the instance up and write .run/<instance>.env. With WRIT_TEST_ENDPOINT set (e.g. a
# LocalStack on http://localhost:4566) nothing is started: the env points both services there.
emu_up() { # instance
  local instance=$1 name attempt rc
  emu_need python3
  mkdir -p "$EMU_RUN"
  if emu_running "$instance"; then
    local owner
    owner=$(cat "$EMU_RUN/$instance.owner" 2>/dev/null) || true
    [[ -n $owner ]] && kill -0 "$owner" 2>/dev/null \
      && emu_die "instance '$instance' is in use by pid $owner in this checkout; wait for it to finish"
    emu_log "stopping the emulators of an earlier '$instance' run that was killed before it could"
  fi
  emu_down "$instance" # also clears the files of such a run
  echo $$ >"$EMU_RUN/$instance.owner"

  if [[ -n ${WRIT_TEST_ENDPOINT:-} ]]; then
    [[ $WRIT_TEST_ENDPOINT =~ ^https?://[^/]+ ]] \
      || emu_die "WRIT_TEST_ENDPOINT must be a URL such as http://localhost:4566, not '$WRIT_TEST_ENDPOINT'"
    emu_log "WRIT_TEST_ENDPOINT=$WRIT_TEST_ENDPOINT: starting nothing, waiting for it to answer"
    emu_net probe "$WRIT_TEST_ENDPOINT" "$EMU_TIMEOUT" \
      || emu_die "WRIT_TEST_ENDPOINT=$WRIT_TEST_ENDPOINT did not answer HTTP within ${EMU_TIMEOUT}s"
    emu_write_env "$instance" "$WRIT_TEST_ENDPOINT" "$WRIT_TEST_ENDPOINT" "$WRIT_TEST_ENDPOINT"
    return
  fi

  emu_install
  for name in "${EMU_NAMES[@]}"; do
    : >"$EMU_RUN/$instance-$name.log"
    emu_spawn "$instance" "$name" # all start at once; we wait for each below
  done
  for name in "${EMU_NAMES[@]}"; do
    for attempt in 1 2 3; do
      emu_read_pid "$instance" "$name"
      rc=0
      emu_net wait "$EMU_PID" "$EMU_PORT" "$EMU_TIMEOUT" || rc=$?
      case $rc in
        0) break ;;
        3)
          emu_log "$name exited on port $EMU_PORT (attempt $attempt); log tail:"
          tail -n 5 "$EMU_RUN/$instance-$name.log" >&2
          # Only a port taken between choosing and binding is worth another try.
          ((attempt < 3)) && grep -q -i -E 'address already in use|BindException' "$EMU_RUN/$instance-$name.log" \
            || emu_fail_up "$instance" "$name did not start; see $EMU_RUN/$instance-$name.log"
          emu_spawn "$instance" "$name" ;;
        *) emu_fail_up "$instance" "$name did not answer on 127.0.0.1:$EMU_PORT within ${EMU_TIMEOUT}s; see $EMU_RUN/$instance-$name.log" ;;
      esac
    done
    emu_log "$name ready on 127.0.0.1:$EMU_PORT (pid $EMU_PID, log .run/$instance-$name.log)"
  done
  local ddb kms
  emu_read_pid "$instance" dynamodb-local && ddb=http://127.0.0.1:$EMU_PORT
  emu_read_pid "$instance" moto && kms=http://127.0.0.1:$EMU_PORT
  emu_write_env "$instance" "$ddb" "$kms"
}
