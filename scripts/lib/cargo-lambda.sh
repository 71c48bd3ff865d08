# shellcheck shell=bash
# cargo-lambda (pinned in scripts/lib/cargo-lambda/requirements.txt) in .tools/cargo-lambda: its
# `lambda watch --only-lambda-apis` serves the Lambda runtime API and invoke API that the
# lambda-runtime-tests module starts the packaged functions under. It stands in for aws-lambda-rie,
# which cannot be built here (the Go module proxy answers 403 for its module). Sourced after
# emulators.sh (its log, lock and venv installer); installs and exports WRIT_CARGO_LAMBDA, the
# binary the tests run. Nothing is started here: each test starts its own emulators.

cargo_lambda_install() {
  emu_need python3 flock sha256sum
  # The wheel ships the binary only (no Python package to import): `sys` just checks the venv.
  emu_locked emu_install_venv "$EMU_TOOLS/cargo-lambda" "$EMU_LIB/cargo-lambda/requirements.txt" cargo-lambda sys
  export WRIT_CARGO_LAMBDA=$EMU_TOOLS/cargo-lambda/bin/cargo-lambda
  # It runs `cargo metadata` before serving: rustup's default place when a non-login shell (CI)
  # lacks it on PATH. Without cargo the tests fail with the emulator's own message.
  if ! command -v cargo >/dev/null 2>&1 && [[ -x $HOME/.cargo/bin/cargo ]]; then
    export PATH=$HOME/.cargo/bin:$PATH
  fi
}
