# shellcheck shell=bash
# The explorer's browser tests need Debian's Chromium and playwright-core (pinned exactly in
# scripts/lib/browser/package.json + package-lock.json, installed with `npm ci` into
# .tools/browser). Playwright's own browser download is never used: it cannot be fetched here, and
# Debian's build is the one a developer's machine and CI both get from apt. Sourced after
# emulators.sh (its log, lock and paths). Used by scripts/test, which exports the two variables
# below; writ-cli's ExplorerBrowserIT fails (never skips) without them.
#   WRIT_CHROMIUM         /usr/bin/chromium
#   WRIT_PLAYWRIGHT_CORE  .tools/browser/node_modules/playwright-core (absolute)

BROWSER_TOOLS=$EMU_TOOLS/browser
BROWSER_CHROMIUM=/usr/bin/chromium

browser_install_chromium() {
  [[ -x $BROWSER_CHROMIUM ]] && return
  command -v apt-get >/dev/null 2>&1 || emu_die "$BROWSER_CHROMIUM is missing and there is no apt-get: install Debian's chromium"
  [[ $(id -u) == 0 ]] || emu_die "$BROWSER_CHROMIUM is missing: run 'apt-get install -y chromium' as root"
  emu_log "installing Debian's chromium (apt-get)"
  # An empty package list (a fresh machine) finds nothing: update once, then install.
  apt-get install -y -q chromium >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; } \
    || emu_die "apt-get install chromium failed"
  [[ -x $BROWSER_CHROMIUM ]] || emu_die "chromium installed but $BROWSER_CHROMIUM is missing"
}

# npm ci of the committed lock file; the stamp is both files' hash, so it reinstalls only when the
# pins change or the module is gone.
browser_install_playwright() {
  local src=$EMU_LIB/browser want
  want=$(cat "$src/package.json" "$src/package-lock.json" | sha256sum | cut -d' ' -f1)
  if [[ -f $BROWSER_TOOLS/.writ-stamp && $(<"$BROWSER_TOOLS/.writ-stamp") == "$want" \
        && -f $BROWSER_TOOLS/node_modules/playwright-core/package.json ]]; then
    return
  fi
  emu_log "installing playwright-core into ${BROWSER_TOOLS#"$WRIT_ROOT"/} (pins: scripts/lib/browser/package-lock.json)"
  rm -rf "$BROWSER_TOOLS"
  mkdir -p "$BROWSER_TOOLS"
  cp "$src/package.json" "$src/package-lock.json" "$BROWSER_TOOLS/"
  # --ignore-scripts: playwright-core has no install script today; if one appears it must not
  # try to download a browser.
  (cd "$BROWSER_TOOLS" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null) \
    || emu_die "npm ci of playwright-core failed"
  echo "$want" >"$BROWSER_TOOLS/.writ-stamp"
}

# Installs both (idempotent, under the checkout's install lock) and exports the variables.
browser_up() {
  emu_need node npm flock sha256sum
  emu_locked browser_install_chromium
  emu_locked browser_install_playwright
  export WRIT_CHROMIUM=$BROWSER_CHROMIUM
  export WRIT_PLAYWRIGHT_CORE=$BROWSER_TOOLS/node_modules/playwright-core
}
