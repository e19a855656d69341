#!/usr/bin/env bash
# Builds Meridian twice from clean and checks that every jar is byte-identical (sha256) both times.
#   scripts/check-reproducible.sh            uses Maven Central as usual
#   scripts/check-reproducible.sh -o         extra arguments go to Maven (here: offline)
# Exit code 0 when the builds match, 1 when a jar differs, 2 when a build fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

build() {
  local round="$1"
  echo "Build $round of 2..." >&2
  if ! (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" \
        mvn -B -q -Dstyle.color=never -DskipTests "${@:2}" clean package) >"$work/build-$round.log" 2>&1; then
    echo "Build $round failed; its output is below." >&2
    cat "$work/build-$round.log" >&2
    exit 2
  fi
  (cd "$root" && find . -path '*/target/*.jar' -not -path './*/target/*/*' -print0 | sort -z | xargs -0 sha256sum) \
      >"$work/sums-$round.txt"
}

build 1 "$@"
build 2 "$@"
if [[ ! -s "$work/sums-1.txt" ]]; then
  echo "The build made no jars." >&2
  exit 2
fi
if diff -u "$work/sums-1.txt" "$work/sums-2.txt" >"$work/diff.txt"; then
  echo "Reproducible: $(wc -l <"$work/sums-1.txt") jars are byte-identical in two clean builds."
  sed 's/^/  /' "$work/sums-1.txt"
else
  echo "NOT reproducible: these jars differ between two clean builds:" >&2
  cat "$work/diff.txt" >&2
  exit 1
fi
