# shellcheck shell=bash
# cfn-lint on every SAM template, and on what the SAM transform makes of it; cfn-lint and the SAM
# translator pinned (scripts/lib/cfn-lint/requirements.txt) in .tools/cfn-lint. Sourced after
# emulators.sh (its log, lock and venv installer). Used by scripts/test (before Maven) and
# scripts/lint-templates.

TEMPLATES_DIR=$WRIT_ROOT/sam-templates

templates_install_cfn_lint() {
  emu_need python3 flock sha256sum
  emu_locked emu_install_venv "$EMU_TOOLS/cfn-lint" "$EMU_LIB/cfn-lint/requirements.txt" cfn-lint 'cfnlint, samtranslator'
}

# The templates: every *.yaml / *.yml directly in sam-templates/ (the module's TemplateHandlersIT
# reads the same set).
templates_list() {
  find "$TEMPLATES_DIR" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' \) | sort
}

# Transform each template with the SAM translator (into .run/templates/<name>.json), then lint the
# templates and their transforms; fails on a transform error or any cfn-lint error or warning
# (informational matches are printed only).
templates_lint() {
  local templates template out transformed=() venv=$EMU_TOOLS/cfn-lint
  templates_install_cfn_lint
  mapfile -t templates < <(templates_list)
  ((${#templates[@]})) || emu_die "no template in ${TEMPLATES_DIR#"$WRIT_ROOT"/}"
  mkdir -p "$EMU_RUN/templates"
  for template in "${templates[@]}"; do
    out=$EMU_RUN/templates/$(basename "${template%.*}").json
    "$venv/bin/python" "$EMU_LIB/sam_transform.py" "$template" "$out" \
      || emu_die "the SAM transform refused ${template#"$WRIT_ROOT"/} (above)"
    transformed+=("$out")
  done
  emu_log "cfn-lint (pins: scripts/lib/cfn-lint/requirements.txt): ${templates[*]#"$WRIT_ROOT"/} and their SAM transforms in .run/templates/"
  "$venv/bin/cfn-lint" --non-zero-exit-code warning -- "${templates[@]}" "${transformed[@]}" \
    || emu_die "cfn-lint found problems in the SAM templates (above)"
}
