#!/usr/bin/env bash
# The mdbkit GitHub Action's one step (action.yml maps its inputs to the INPUT_* variables read here).
# Installs mdbkit with npm into $RUNNER_TEMP, outside the user's checkout, so that their package.json and
# lockfile stay untouched, then lints the given paths. The exit code is mdbkit lint's: 0 clean, 1 findings
# at error severity, 2 a usage or input problem.
set -euo pipefail

fail() {
  echo "::error title=mdbkit action::$1"
  exit 2
}

[[ -n "${RUNNER_TEMP:-}" ]] || fail 'RUNNER_TEMP is not set: this script runs as a step of the mdbkit action on a GitHub runner'
[[ -n "${INPUT_PATHS:-}" ]] || fail 'the input "paths" is required: the files or folders to lint, one per line or separated by spaces'
command -v npm >/dev/null || fail 'npm is not on PATH: add actions/setup-node (node-version 20 or newer) before the mdbkit action'

format="${INPUT_FORMAT:-github}"
case "$format" in
  text | json | sarif | junit | github) ;;
  *) fail "the input \"format\" is \"$format\": use text, json, sarif, junit or github" ;;
esac

# What to install: MDBKIT_PACKAGE (a tarball or any npm spec) wins; else mdbkit at the input "version"; else
# the version of the action itself, so that `uses: mdbkit/mdbkit@v0.1.0` runs mdbkit 0.1.0.
version="${INPUT_VERSION:-}"
if [[ -z "$version" ]]; then
  [[ -n "${GITHUB_ACTION_PATH:-}" && -f "$GITHUB_ACTION_PATH/package.json" ]] ||
    fail 'cannot tell which mdbkit to install: set the input "version"'
  version="$(node -p 'require(process.argv[1]).version' "$GITHUB_ACTION_PATH/package.json")"
fi
spec="${MDBKIT_PACKAGE:-mdbkit@$version}"

prefix="$RUNNER_TEMP/mdbkit-action"
bin="$prefix/node_modules/.bin/mdbkit"
# A second mdbkit step in the same job reuses the install when it asked for the same package.
if [[ -x "$bin" && "$(cat "$prefix/.installed-spec" 2>/dev/null)" == "$spec" ]]; then
  echo "mdbkit: using $spec installed in $prefix"
else
  echo "mdbkit: installing $spec"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "$spec" >&2 ||
    fail "npm could not install $spec (see the log above)"
  printf '%s' "$spec" >"$prefix/.installed-spec"
fi

# Paths are split on whitespace and newlines (a multi-line YAML value lists one per line); no glob expansion,
# so a pattern reaches mdbkit, which searches folders itself.
set -f
read -r -d '' -a paths <<<"$INPUT_PATHS" || true
set +f
options=()
[[ -n "${INPUT_OPERATOR_VERSION:-}" ]] && options+=(--operator-version "$INPUT_OPERATOR_VERSION")
[[ -n "${INPUT_CONFIG:-}" ]] && options+=(--config "$INPUT_CONFIG")

# One run: the annotations (or the chosen format) on standard output, and the SARIF file for code scanning
# written by the same lint (--report), whole or not at all. mdbkit writes it when the run completes (exit 0
# or 1); on exit 2 it could not lint, says why, and writes none.
if [[ -n "${INPUT_SARIF_FILE:-}" ]]; then
  options+=(--report "sarif=$INPUT_SARIF_FILE")
  rm -f "$INPUT_SARIF_FILE" # a file from an earlier step must not pass for this run's
fi

status=0
"$bin" lint --output "$format" "${options[@]}" "${paths[@]}" || status=$?
if [[ -n "${INPUT_SARIF_FILE:-}" && -n "${GITHUB_OUTPUT:-}" && -f "$INPUT_SARIF_FILE" ]]; then
  echo "sarif-file=$INPUT_SARIF_FILE" >>"$GITHUB_OUTPUT"
fi
exit "$status"
