#!/usr/bin/env bash
# Checks the log of a passing `./mvnw -B -ntp verify` for noise that makes a green build look broken:
#   - DEBUG lines: none allowed (a module without test logging configuration falls back to DEBUG);
#   - stack-trace frames ("<spaces>at "): none allowed (a passing test captures and asserts what it provokes);
#   - ERROR lines: each must match an entry of tools/ci/log-allowances.txt (which says why that test must print it);
#     more than KVCONFIG_LOG_MAX_UNEXPLAINED (default 3) unexplained ones fail;
#   - maven-shade "overlapping resource" warnings: none allowed (the root pom's shade configuration merges them).
# Usage: tools/ci/check-log.sh <verify.log>. Exit 0 quiet enough, 1 too noisy (the offending lines are printed), 2 usage.
# No pipefail: `grep | head` ends grep early on purpose.
set -eu
log=${1:?usage: tools/ci/check-log.sh <verify.log>}
[ -r "$log" ] || { echo "check-log: cannot read $log" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
allowances="$here/log-allowances.txt"
max_unexplained=${KVCONFIG_LOG_MAX_UNEXPLAINED:-3}

debug_re='(^|[[:space:]]|\[)DEBUG([[:space:]]|\]|:)'
error_re='(^|[[:space:]]|\[)ERROR([[:space:]]|\]|:)'
frame_re='^[[:space:]]+at '
overlap_re='overlapping (resource|class)'

count() { grep -cE "$1" "$log" || true; }
debug=$(count "$debug_re")
frames=$(count "$frame_re")
errors=$(count "$error_re")
overlaps=$(count "$overlap_re")
allowed_re=$(grep -vE '^[[:space:]]*(#|$)' "$allowances" | paste -sd'|' -)
if [ -n "$allowed_re" ]; then
  unexplained=$(grep -E "$error_re" "$log" | grep -vcE "$allowed_re" || true)
else
  unexplained=$errors
fi
echo "check-log: $debug DEBUG lines, $frames stack-trace frames, $errors ERROR lines ($unexplained unexplained," \
  "at most $max_unexplained), $overlaps shade overlap warnings"

failed=0
show() { echo "check-log: $1 (first 20):" >&2; grep -nE "$2" "$log" | head -20 | cut -c1-300 >&2; failed=1; }
[ "$debug" -eq 0 ] || show "DEBUG lines; give the module a test logging configuration at INFO" "$debug_re"
[ "$frames" -eq 0 ] || show "stack traces printed by passing tests; capture and assert them in the test" "$frame_re"
[ "$overlaps" -eq 0 ] || show "shade overlap warnings; merge or exclude the resource in the root pom's shade configuration" "$overlap_re"
if [ "$unexplained" -gt "$max_unexplained" ]; then
  echo "check-log: ERROR lines matching no entry of tools/ci/log-allowances.txt (first 20):" >&2
  grep -nE "$error_re" "$log" | { if [ -n "$allowed_re" ]; then grep -vE "$allowed_re"; else cat; fi; } | head -20 \
    | cut -c1-300 >&2
  failed=1
fi
exit $failed
