# shellcheck shell=bash
# cfn-lint and Checkov on every SAM template, and on what the SAM transform makes of it; cfn-lint
# and the SAM translator pinned (scripts/lib/cfn-lint/requirements.txt) in .tools/cfn-lint,
# Checkov (scripts/lib/checkov/requirements.txt) in .tools/checkov. Sourced after emulators.sh
# (its log, lock and venv installer). Used by scripts/test (before Maven) and
# scripts/lint-templates.

TEMPLATES_DIR=$WRIT_ROOT/sam-templates

templates_install_cfn_lint() {
  emu_need python3 flock sha256sum
  emu_locked emu_install_venv "$EMU_TOOLS/cfn-lint" "$EMU_LIB/cfn-lint/requirements.txt" cfn-lint 'cfnlint, samtranslator'
}

templates_install_checkov() {
  emu_need python3 flock sha256sum
  emu_locked emu_install_venv "$EMU_TOOLS/checkov" "$EMU_LIB/checkov/requirements.txt" checkov checkov
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

# Checkov on the templates and on their transforms (templates_lint makes them), as
# scripts/lib/checkov/scan.py says; fails on any failed check, unparsed file or empty scan. A
# check that does not apply is skipped in the template, with its reason (docs/contributors.md, "Template checks").
templates_checkov() {
  local templates
  templates_install_checkov
  mapfile -t templates < <(templates_list)
  emu_log "checkov (pins: scripts/lib/checkov/requirements.txt): ${templates[*]#"$WRIT_ROOT"/} and their SAM transforms"
  (cd "$WRIT_ROOT" && "$EMU_TOOLS/checkov/bin/python" "$EMU_LIB/checkov/scan.py" "${EMU_RUN#"$WRIT_ROOT"/}/templates" "${templates[@]#"$WRIT_ROOT"/}") \
    || emu_die "checkov found problems in the SAM templates (above)"
}

# Everything scripts/test and scripts/lint-templates check before anything starts.
templates_check() {
  templates_lint
  templates_checkov
}
