#!/usr/bin/env bash
# Measures Sign, Verify, GenerateMac and VerifyMac (with one Encrypt for reference) against a Meridian started
# here from the built jar, and prints a markdown table of the figures. Builds nothing: run
# 'mvn -q -B -DskipTests package' at the repository root first.
#
#   scripts/bench-asymmetric.sh
#
# Tunable through the environment (defaults in brackets):
#   CONNECTIONS [32]  DURATION [20s]  WARMUP [5s]  PAYLOAD_BYTES [512]  THREADS [1]
#   SERVER_WARMUP [10s]  an Encrypt load run first and left out of the table, so that no workload meets a
#                        server JVM whose request path is not compiled yet; 0 skips it
#   WORKLOADS  one "Operation KeySpec Algorithm" per line (default: the list below)
#   SERVER_JAR [server/target/meridian.jar]  BENCH_JAR [bench/target/meridian-bench.jar]
#   MERIDIAN_ENDPOINT  a Meridian already running (then none is started)
# A workload whose key spec the server does not serve (CreateKey refused) gets a row saying so; the others run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
connections="${CONNECTIONS:-32}"
duration="${DURATION:-20s}"
warmup="${WARMUP:-5s}"
payload_bytes="${PAYLOAD_BYTES:-512}"
threads="${THREADS:-1}"
server_warmup="${SERVER_WARMUP:-10s}"
server_jar="${SERVER_JAR:-$root/server/target/meridian.jar}"
bench_jar="${BENCH_JAR:-$root/bench/target/meridian-bench.jar}"
workloads="${WORKLOADS:-Encrypt SYMMETRIC_DEFAULT -
Sign RSA_2048 RSASSA_PSS_SHA_256
Verify RSA_2048 RSASSA_PSS_SHA_256
Sign RSA_2048 RSASSA_PKCS1_V1_5_SHA_256
Verify RSA_2048 RSASSA_PKCS1_V1_5_SHA_256
Sign ECC_NIST_P256 ECDSA_SHA_256
Verify ECC_NIST_P256 ECDSA_SHA_256
Sign ECC_NIST_EDWARDS25519 ED25519_SHA_512
Verify ECC_NIST_EDWARDS25519 ED25519_SHA_512
Sign ML_DSA_65 ML_DSA_SHAKE_256
Verify ML_DSA_65 ML_DSA_SHAKE_256
GenerateMac HMAC_256 HMAC_SHA_256
VerifyMac HMAC_256 HMAC_SHA_256}"

if [[ ! -f "$bench_jar" || ( -z "${MERIDIAN_ENDPOINT:-}" && ! -f "$server_jar" ) ]]; then
  echo "no $bench_jar or $server_jar: build them first with 'mvn -q -B -DskipTests package' at the repository root" >&2
  exit 66
fi

work="$(mktemp -d -t meridian-bench-asymmetric.XXXXXX)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2> /dev/null; then
    kill "$server_pid" 2> /dev/null || true
    wait "$server_pid" 2> /dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

endpoint="${MERIDIAN_ENDPOINT:-}"
if [[ -z "$endpoint" ]]; then
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  endpoint="http://127.0.0.1:$port"
  java -jar "$server_jar" serve --port "$port" --data-dir "$work/data" --replication-delay 0s \
      > "$work/server.log" 2>&1 &
  server_pid=$!
  for attempt in $(seq 1 300); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2> /dev/null; then
      break
    fi
    if ! kill -0 "$server_pid" 2> /dev/null || [[ "$attempt" == 300 ]]; then
      echo "Meridian did not start on port $port:" >&2
      cat "$work/server.log" >&2
      exit 70
    fi
    sleep 0.1
  done
  echo "Meridian started at $endpoint (pid $server_pid, $server_jar)" >&2
fi

if [[ "$server_warmup" != "0" && "$server_warmup" != "0s" ]]; then
  echo "=== server warm-up: Encrypt for $server_warmup, not in the table" >&2
  java -jar "$bench_jar" --endpoint "$endpoint" --operation Encrypt --connections "$connections" \
      --duration "$server_warmup" --warmup 0s --payload-bytes "$payload_bytes" --threads "$threads" \
      > /dev/null 2> "$work/server-warmup.err" || { echo "the warm-up run failed (continuing):" >&2; cat "$work/server-warmup.err" >&2; }
fi

load_average() {
  cut -d ' ' -f 1 /proc/loadavg
}

index=0
while read -r operation key_spec algorithm; do
  [[ -z "$operation" ]] && continue
  index=$((index + 1))
  arguments=(--operation "$operation" --key-spec "$key_spec")
  [[ "$algorithm" != "-" ]] && arguments+=(--algorithm "$algorithm")
  echo >&2
  echo "=== $operation $key_spec $algorithm: $connections connections, $warmup warmup + $duration" >&2
  load_before="$(load_average)"
  status=0
  java -jar "$bench_jar" --endpoint "$endpoint" "${arguments[@]}" --connections "$connections" \
      --duration "$duration" --warmup "$warmup" --payload-bytes "$payload_bytes" --threads "$threads" \
      --json-output "$work/$index.json" 2> "$work/$index.err" >&2 || status=$?
  cat "$work/$index.err" >&2
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$index" "$operation" "$key_spec" "$algorithm" "$status" \
      "$load_before" "$(load_average)" >> "$work/runs.tsv"
done <<< "$workloads"

python3 - "$work" "$connections" "$duration" "$warmup" "$payload_bytes" "$threads" "$(nproc)" "$server_warmup" <<'PYTHON'
import json, os, re, sys, time

work, connections, duration, warmup, payload_bytes, threads, cores, server_warmup = sys.argv[1:]
server_warmed = "" if server_warmup in ("0", "0s") else f" (after an unreported {server_warmup} Encrypt run that warms the server up)"
print()
print(f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC: {connections} connections, {payload_bytes}-byte messages, "
      f"{warmup} warmup + {duration} measured{server_warmed}, "
      f"{threads} generator thread(s), {cores} cores; load = 1-minute load average before -> after the run.")
print()
print("| operation | key spec | algorithm | connections | requests/s | p50 ms | p99 ms | errors | load | arguments |")
print("|---|---|---|---:|---:|---:|---:|---:|---|---|")
for line in open(os.path.join(work, "runs.tsv")):
    index, operation, key_spec, algorithm, status, load_before, load_after = line.rstrip("\n").split("\t")
    arguments = f"--operation {operation} --key-spec {key_spec}" + ("" if algorithm == "-" else f" --algorithm {algorithm}")
    algorithm = "" if algorithm == "-" else algorithm
    result_file = os.path.join(work, index + ".json")
    load = f"{load_before} -> {load_after}"
    if os.path.exists(result_file) and os.path.getsize(result_file) > 0:
        result = json.load(open(result_file))
        print(f"| {operation} | {key_spec} | {algorithm} | {result['connections']} | "
              f"{result['throughputPerSecond']:,.0f} | {result['latencyP50Milliseconds']:.2f} | "
              f"{result['latencyP99Milliseconds']:.2f} | {result['errors']} | {load} | `{arguments}` |")
    else:
        errors = [text.strip() for text in open(os.path.join(work, index + ".err")) if text.startswith("error:")]
        message = re.search(r'"message":"([^"]*)"', errors[0]) if errors else None
        reason = "not run: " + (message.group(1) if message else errors[0][len("error:"):].strip()[:160] if errors
                                else f"exit status {status}")
        print(f"| {operation} | {key_spec} | {algorithm} | {connections} | {reason.replace('|', '/')} | | | | {load} | `{arguments}` |")
print()
print(f"Each row: java -jar bench/target/meridian-bench.jar --endpoint ENDPOINT ARGUMENTS --connections {connections} "
      f"--duration {duration} --warmup {warmup} --payload-bytes {payload_bytes} --threads {threads}")
PYTHON
