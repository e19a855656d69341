#!/usr/bin/env bash
# Time from launching `./meridian serve` (the launcher, with its class data sharing archive; LAUNCH="java -jar
# server/target/meridian.jar" measures the bare jar) to its first answered KMS request (GenerateRandom over HTTP,
# polled every 20 ms), for a fresh data folder and for the same folder again, with the CPU time the JVM used until
# then (from /proc). AGAINST=/path/to/other/checkout/meridian alternates that launcher with this one, run by run, and
# prints the medians of both: the machine's speed drifts within minutes, so compare only runs alternated like this.
# Builds nothing itself: a launcher that must build (or make its archive) does so in an uncounted first start.
# Needs curl. Prints one line per run, in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-5}"
folder="$(mktemp -d)"
trap 'rm -rf "$folder"' EXIT
ticks="$(getconf CLK_TCK)"
request() {
  curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$1/" \
    -H 'Content-Type: application/x-amz-json-1.1' -H 'X-Amz-Target: TrentService.GenerateRandom' \
    -H 'X-Amz-Date: 20260101T000000Z' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=00' \
    -d '{"NumberOfBytes":16}' 2>/dev/null || true
}
launchers=("${LAUNCH:-./meridian}")
[[ -n "${AGAINST:-}" ]] && launchers+=("$AGAINST")
# Starts launcher $1's server on a random port with its data in $2, and asks it every $3 s until it answers; sets pid.
serve_until_answered() {
  local port=$((20000 + RANDOM % 20000))
  $1 serve --port "$port" --data-dir "$2" --log-level warn >/dev/null 2>"$folder/errors" &
  pid=$!
  until [[ "$(request "$port")" == 200 ]]; do
    kill -0 "$pid" 2>/dev/null || { echo "$1 stopped before answering:" >&2; cat "$folder/errors" >&2; exit 1; }
    sleep "$3"
  done
}
# One start of each launcher first, not counted: a launcher builds its jar when the sources changed and makes its class
# data sharing archive when the jar did, which would otherwise land in (or break) a measured run.
for launcher in "${launchers[@]}"; do
  serve_until_answered "$launcher" "$folder/warm-up" 0.1
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
for kind in fresh existing; do
  for run in $(seq 1 "$runs"); do
    for launcher in "${launchers[@]}"; do
      [[ "$kind" == fresh ]] && rm -rf "$folder/data"
      start=$(date +%s%N)
      serve_until_answered "$launcher" "$folder/data" 0.02
      end=$(date +%s%N)
      # The launcher execs java, so the PID is the JVM's.
      cpu=$(awk -v ticks="$ticks" '{print int(($14 + $15) * 1000 / ticks)}' "/proc/$pid/stat")
      echo "$launcher, $kind data folder, run $run: $(( (end - start) / 1000000 )) ms to the first answer, $cpu ms of CPU"
      kill "$pid"; wait "$pid" 2>/dev/null || true
    done
  done
done | tee "$folder/lines"
if [[ -n "${AGAINST:-}" ]]; then
  median() { sort -n | awk '{value[NR] = $1} END {print value[int((NR + 1) / 2)] " (" value[1] " to " value[NR] ")"}'; }
  for launcher in "${launchers[@]}"; do
    grep -F "$launcher," "$folder/lines" | sed 's/.*: \([0-9]*\) ms to the first answer, \([0-9]*\) ms of CPU/\1 \2/' \
      >"$folder/numbers"
    echo "$launcher: median $(cut -d' ' -f1 "$folder/numbers" | median) ms to the first answer," \
      "median $(cut -d' ' -f2 "$folder/numbers" | median) ms of CPU, $(wc -l <"$folder/numbers") runs"
  done
fi
