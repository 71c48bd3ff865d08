# shellcheck shell=bash
# The repository stands alone: no tracked file may refer to a folder beside the checkout (a user's
# clone has none). Sourced after emulators.sh; scripts/test runs it first. .ci/run also runs the
# tests in a clone placed in an empty folder, which proves the same thing by running.

standalone_check() {
  local pattern hits
  pattern='\.\./'"shared"'([/"` )]|$)'
  if git -C "$WRIT_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    hits=$(git -C "$WRIT_ROOT" ls-files -z | (cd "$WRIT_ROOT" && xargs -0 grep -lE "$pattern" -- 2>/dev/null) || true)
  else
    hits=$(cd "$WRIT_ROOT" && grep -rlE "$pattern" --exclude-dir=.tools --exclude-dir=.run --exclude-dir=target . || true)
  fi
  [[ -z $hits ]] || emu_die "these files refer to a folder outside the repository, which a user's clone does not have:
$hits"
}

# No tracked file holds a merge conflict's markers, the generated parts of the docs (the module
# graph, each library's public API) match the poms and the sources, and every relative Markdown
# link reaches its file and anchor (scripts/docs, whose link check has its own tests).
docs_check() {
  local hits
  hits=$(git -C "$WRIT_ROOT" grep -lE '^(<<<<<<<|>>>>>>>) ' 2>/dev/null || true)
  [[ -z $hits ]] || emu_die "merge conflict markers in:
$hits"
  python3 "$WRIT_ROOT/scripts/lib/docs_links_test.py" 2>/dev/null || emu_die "scripts/docs' own tests fail: python3 scripts/lib/docs_links_test.py"
  python3 "$WRIT_ROOT/scripts/docs" --check || emu_die "the docs are stale or link to what is not there: fix the links above, run scripts/docs --write and commit"
}
