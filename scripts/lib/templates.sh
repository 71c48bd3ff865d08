# shellcheck shell=bash
# cfn-lint on every SAM template, pinned (scripts/lib/cfn-lint/requirements.txt) in .tools/cfn-lint.
# Sourced after emulators.sh (its log, lock and venv installer). Used by scripts/test (before
# Maven) and scripts/lint-templates.

TEMPLATES_DIR=$WRIT_ROOT/sam-templates

templates_install_cfn_lint() {
  emu_need python3 flock sha256sum
  emu_locked emu_install_venv "$EMU_TOOLS/cfn-lint" "$EMU_LIB/cfn-lint/requirements.txt" cfn-lint cfnlint
}

# The templates: every *.yaml / *.yml directly in sam-templates/ (the module's TemplateHandlersIT
# reads the same set).
templates_list() {
  find "$TEMPLATES_DIR" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' \) | sort
}

# Lint them all; fails on any error or warning (cfn-lint's informational matches are printed only).
templates_lint() {
  local templates
  templates_install_cfn_lint
  mapfile -t templates < <(templates_list)
  ((${#templates[@]})) || emu_die "no template in ${TEMPLATES_DIR#"$WRIT_ROOT"/}"
  emu_log "cfn-lint (pins: scripts/lib/cfn-lint/requirements.txt): ${templates[*]#"$WRIT_ROOT"/}"
  "$EMU_TOOLS/cfn-lint/bin/cfn-lint" --non-zero-exit-code warning -- "${templates[@]}" \
    || emu_die "cfn-lint found problems in the SAM templates (above)"
}
