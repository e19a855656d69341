#!/usr/bin/env bash
# Runs the same KMS loads against a running Meridian and against a moto_server started here,
# and prints both results and their ratio.
#
#   bench/compare-with-moto.sh [MERIDIAN_ENDPOINT]
#
# The Meridian endpoint is the first argument or $MERIDIAN_ENDPOINT (e.g. http://127.0.0.1:8020).
# Tunable through the environment (defaults in brackets):
#   OPERATIONS [Encrypt Decrypt GenerateDataKey]  CONNECTIONS [32]  PAYLOAD_BYTES [512]
#   DURATION [20s]  WARMUP [5s]  THREADS [1]  REGION [us-east-1]  MOTO_SERVER [moto_server]
#   BENCH_JAR [bench/target/meridian-bench.jar]  EXTRA_ARGUMENTS (passed to every run, e.g. "--key-id ...")
set -euo pipefail

script_directory="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
meridian_endpoint="${1:-${MERIDIAN_ENDPOINT:-}}"
if [[ -z "$meridian_endpoint" ]]; then
  echo "usage: $0 MERIDIAN_ENDPOINT   (or set MERIDIAN_ENDPOINT), e.g. http://127.0.0.1:8020" >&2
  exit 64
fi
operations="${OPERATIONS:-Encrypt Decrypt GenerateDataKey}"
connections="${CONNECTIONS:-32}"
payload_bytes="${PAYLOAD_BYTES:-512}"
duration="${DURATION:-20s}"
warmup="${WARMUP:-5s}"
threads="${THREADS:-1}"
region="${REGION:-us-east-1}"
moto_server="${MOTO_SERVER:-moto_server}"
bench_jar="${BENCH_JAR:-$script_directory/target/meridian-bench.jar}"
read -r -a extra_arguments <<< "${EXTRA_ARGUMENTS:-}"

if [[ ! -f "$bench_jar" ]]; then
  echo "no $bench_jar: build it first with 'mvn -q -B -DskipTests package' at the repository root" >&2
  exit 66
fi
command -v "$moto_server" > /dev/null || { echo "moto_server not found (pip install 'moto[server]')" >&2; exit 69; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

moto_port="$(free_port)"
moto_endpoint="http://127.0.0.1:$moto_port"
moto_log="$(mktemp -t moto-server.XXXXXX.log)"
"$moto_server" -H 127.0.0.1 -p "$moto_port" > "$moto_log" 2>&1 &
moto_pid=$!
stop_moto() {
  if kill -0 "$moto_pid" 2> /dev/null; then
    kill "$moto_pid" 2> /dev/null || true
    wait "$moto_pid" 2> /dev/null || true
  fi
  rm -f "$moto_log"
}
trap stop_moto EXIT

for attempt in $(seq 1 100); do
  if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $moto_port), 0.2)" 2> /dev/null; then
    break
  fi
  if ! kill -0 "$moto_pid" 2> /dev/null || [[ "$attempt" == 100 ]]; then
    echo "moto_server did not start on port $moto_port:" >&2
    cat "$moto_log" >&2
    exit 70
  fi
  sleep 0.1
done
echo "moto_server started at $moto_endpoint (pid $moto_pid)"

results="$(mktemp -t meridian-compare.XXXXXX.jsonl)"
trap 'stop_moto; rm -f "$results"' EXIT

run_load() { # target endpoint operation: prints the summary, appends "target<TAB>json" to $results
  local target="$1" endpoint="$2" operation="$3" json_file
  json_file="$(mktemp -t meridian-run.XXXXXX.json)"
  echo
  echo "=== $operation against $target ($endpoint): $connections connections, $payload_bytes-byte plaintext, $warmup warmup + $duration"
  java -jar "$bench_jar" --endpoint "$endpoint" --operation "$operation" \
      --connections "$connections" --duration "$duration" --warmup "$warmup" \
      --payload-bytes "$payload_bytes" --threads "$threads" --region "$region" \
      "${extra_arguments[@]}" --json-output "$json_file" || true
  if [[ -s "$json_file" ]]; then
    printf '%s\t%s\n' "$target" "$(cat "$json_file")" >> "$results"
  else
    printf '%s\t{"operation":"%s","requests":0,"errors":0,"firstError":"the load generator failed (see above)"}\n' \
        "$target" "$operation" >> "$results"
  fi
  rm -f "$json_file"
}

for operation in $operations; do
  run_load meridian "$meridian_endpoint" "$operation"
  run_load moto "$moto_endpoint" "$operation"
done

python3 - "$results" <<'PYTHON'
import json, sys

rows = {}
for line in open(sys.argv[1]):
    target, text = line.rstrip("\n").split("\t", 1)
    result = json.loads(text)
    rows.setdefault(result["operation"], {})[target] = result

def figure(result, key):
    value = result.get(key)
    return "-" if value is None else f"{value:,.1f}" if key == "throughputPerSecond" else f"{value:.2f}"

def ratio(meridian, moto, key):
    a, b = meridian.get(key), moto.get(key)
    return f"{a / b:.2f}x" if a and b else "-"

header = f"{'operation':<16}{'server':<10}{'requests':>10}{'errors':>8}{'req/s':>12}{'p50 ms':>10}{'p90 ms':>10}{'p99 ms':>10}{'p99.9 ms':>10}{'max ms':>10}"
print()
print(header)
print("-" * len(header))
for operation, targets in rows.items():
    for target in ("meridian", "moto"):
        result = targets.get(target, {})
        print(f"{operation:<16}{target:<10}{result.get('requests', 0):>10}{result.get('errors', 0):>8}"
              f"{figure(result, 'throughputPerSecond'):>12}"
              + "".join(f"{figure(result, key):>10}" for key in (
                  "latencyP50Milliseconds", "latencyP90Milliseconds", "latencyP99Milliseconds",
                  "latencyP999Milliseconds", "latencyMaxMilliseconds")))
        if result.get("firstError"):
            print(f"{'':<26}first error: {result['firstError'][:200]}")
print()
print("ratio Meridian / moto (throughput: higher is better for Meridian; p50 and p99 latency: lower is better)")
for operation, targets in rows.items():
    meridian, moto = targets.get("meridian", {}), targets.get("moto", {})
    print(f"{operation:<16}throughput {ratio(meridian, moto, 'throughputPerSecond'):>9}"
          f"   p50 {ratio(meridian, moto, 'latencyP50Milliseconds'):>9}"
          f"   p99 {ratio(meridian, moto, 'latencyP99Milliseconds'):>9}")
PYTHON
