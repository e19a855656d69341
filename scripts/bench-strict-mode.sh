#!/usr/bin/env bash
# Needs the built jars (mvn -q -B -DskipTests package); builds nothing.
# Encrypt throughput of development mode against strict mode, alternating fresh servers in the same run:
#   development  no --identities; the generator signs with AWS's documentation keys (any signature is accepted)
#   development-context  the same, each request with the encryption context purpose=bench (strict-condition's
#                requests in development mode: the baseline of the "same requests" ratio below)
#   strict       --identities with user "bench" whose identity policy allows kms:Encrypt on the account's keys;
#                the key has the default key policy, so its root statement delegates to IAM and both the key
#                policy and the identity policy are evaluated; every signature is verified
#   strict-condition  the same, and the key policy's statement for the user allows kms:Encrypt only with
#                kms:EncryptionContext:purpose = bench (each request carries that encryption context)
# ROUNDS (3), DURATION (15s), WARMUP (5s), CONNECTIONS (32), PAYLOAD_BYTES (512), MODES ("development
# development-context strict strict-condition"), SERVER_JAR, BENCH_JAR and JAVA_OPTIONS (of the server) change the
# defaults. Each server gets an unreported warm-up run of WARMUP, then a measured run of DURATION, during which the
# server's CPU time is read from /proc, and that of its JIT compiler threads (C1/C2 CompilerThread: a server not yet
# warm still compiles during the measured run). Prints one line per run, then a markdown table of the medians and each
# mode's ratios to development mode: of throughput, and of CPU per request (development's CPU per request / the mode's:
# the throughput ratio the server would reach if it had the CPU to itself), both against development mode and against
# development mode with the same requests (development-context for the modes that send an encryption context).
# TOGETHER=1 runs a round's modes at the same time (each its own server and generator; the measured runs start once
# all are warm), so that they share the machine's load alike: on a machine busy with other work, the rates of modes
# run in turn differ with the load of their moment; run together, each gets a like share of the CPU, and the ratios
# of CPU per request (and of rates) compare the modes' costs under the same conditions.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-15s}; WARMUP=${WARMUP:-5s}; CONNECTIONS=${CONNECTIONS:-32}
PAYLOAD_BYTES=${PAYLOAD_BYTES:-512}; MODES=${MODES:-"development development-context strict strict-condition"}
SERVER_JAR=${SERVER_JAR:-server/target/meridian.jar}; BENCH_JAR=${BENCH_JAR:-bench/target/meridian-bench.jar}
JAVA_OPTIONS=${JAVA_OPTIONS:-}; TOGETHER=${TOGETHER:-0}
ACCOUNT=111122223333
work=$(mktemp -d)
trap 'for p in $(cat "$work/pids" 2>/dev/null); do kill $p 2>/dev/null; done; rm -rf "$work"' EXIT
cat > "$work/identities.json" <<JSON
{"accounts": [{"id": "$ACCOUNT",
  "rootAccessKeys": [{"accessKeyId": "AKIABENCHROOT0000001", "secretAccessKey": "bench-root-secret"}],
  "users": [{"name": "bench", "path": "/",
             "accessKeys": [{"accessKeyId": "AKIABENCHUSER0000001", "secretAccessKey": "bench-user-secret"}],
             "policies": [{"Version": "2012-10-17", "Statement": [
               {"Effect": "Allow", "Action": ["kms:CreateKey", "kms:PutKeyPolicy"], "Resource": "*"},
               {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:DescribeKey"],
                "Resource": "arn:aws:kms:us-east-1:$ACCOUNT:key/*"}]}]}]}]}
JSON
cat > "$work/condition-policy.json" <<JSON
{"Version": "2012-10-17", "Statement": [
  {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::$ACCOUNT:root"},
   "Action": "kms:*", "Resource": "*"},
  {"Sid": "Encrypt for bench only", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::$ACCOUNT:user/bench"},
   "Action": "kms:Encrypt", "Resource": "*",
   "Condition": {"StringEquals": {"kms:EncryptionContext:purpose": "bench"}}}]}
JSON
results="$work/results"; : > "$results"
# The CPU ticks (user + system) of a server's JIT compiler threads (the thread name follows the PID in parentheses and
# may hold spaces, so the fields are counted after it); a compiler thread that ends during the run is not counted.
jit_ticks() {
  for task in /proc/$1/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      C1\ CompilerThre*|C2\ CompilerThre*) sed 's/.*) //' "$task/stat" 2>/dev/null | awk '{print $12 + $13}' ;;
    esac
  done | awk '{sum += $1} END {print sum + 0}'
}
# One mode's run of one round: a fresh server, its warm-up, the measured run; appends a line to the results.
run_mode() {
  local round=$1 mode=$2 pid data port server_args=() bench_args=() context_args=()
  # A port per mode (its place in MODES), so that servers run together never pick the same one.
  local index; index=$(echo $MODES | tr ' ' '\n' | grep -n -x -- "$mode" | cut -d: -f1)
  data="$work/data-$mode-$round"; port=$((18800 + (RANDOM % 100) * 8 + index))
  case $mode in
    development) ;;
    development-context) context_args=(--encryption-context purpose=bench) ;;
    strict) server_args=(--identities "$work/identities.json")
      bench_args=(--access-key-id AKIABENCHUSER0000001 --secret-access-key bench-user-secret) ;;
    strict-condition) server_args=(--identities "$work/identities.json")
      bench_args=(--access-key-id AKIABENCHUSER0000001 --secret-access-key bench-user-secret
                  --key-policy "$work/condition-policy.json")
      context_args=(--encryption-context purpose=bench) ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  # shellcheck disable=SC2086
  java $JAVA_OPTIONS -jar "$SERVER_JAR" serve --port $port --data-dir "$data" --replication-delay 0s \
      "${server_args[@]}" > "$work/out-$mode" 2> "$work/err-$mode" &
  pid=$!; echo $pid >> "$work/pids"
  for _ in $(seq 1 300); do grep -q "http" "$work/out-$mode" 2>/dev/null && break; sleep 0.1; done
  # An unreported run warms the server up (JIT, caches) and makes the key; the measured run uses that key, and
  # the server's CPU time (user + system, /proc/PID/stat) over it gives the CPU per request, which the machine's
  # other load disturbs far less than the rate.
  warm=$(java -jar "$BENCH_JAR" --endpoint http://127.0.0.1:$port --operation Encrypt --connections "$CONNECTIONS" \
      --duration "$WARMUP" --warmup 0s --payload-bytes "$PAYLOAD_BYTES" --json "${bench_args[@]}" "${context_args[@]}" \
      2>"$work/bench-err-$mode" \
      | tail -1) || true
  key=$(printf '%s' "$warm" | sed -n 's/.*"keyId":"\([^"]*\)".*/\1/p')
  # TOGETHER=1: the measured runs of a round's modes start when every mode is warm, and so share the same load.
  touch "$work/warm-$round-$mode"
  if [ "$TOGETHER" = 1 ]; then
    until [ "$(ls "$work" | grep -c "^warm-$round-")" -ge "$(echo $MODES | wc -w)" ]; do sleep 0.1; done
  fi
  measure_args=(--key-id "$key")
  [ ${#bench_args[@]} -gt 0 ] && measure_args+=("${bench_args[@]:0:4}")
  [ ${#context_args[@]} -gt 0 ] && measure_args+=("${context_args[@]}")
  before=$(cut -d' ' -f1 /proc/loadavg)
  ticks_before=$(awk '{print $14 + $15}' /proc/$pid/stat); jit_before=$(jit_ticks $pid)
  json=$(java -jar "$BENCH_JAR" --endpoint http://127.0.0.1:$port --operation Encrypt --connections "$CONNECTIONS" \
      --duration "$DURATION" --warmup 0s --payload-bytes "$PAYLOAD_BYTES" --json "${measure_args[@]}" 2>"$work/bench-err-$mode" \
      | tail -1) || true
  ticks_after=$(awk '{print $14 + $15}' /proc/$pid/stat); jit_after=$(jit_ticks $pid)
  after=$(cut -d' ' -f1 /proc/loadavg)
  kill $pid; wait $pid 2>/dev/null || true
  rate=$(printf '%s' "$json" | sed -n 's/.*"throughputPerSecond":\([0-9.]*\).*/\1/p')
  errors=$(printf '%s' "$json" | sed -n 's/.*"errors":\([0-9]*\).*/\1/p')
  p99=$(printf '%s' "$json" | sed -n 's/.*"latencyP99Milliseconds":\([0-9.]*\).*/\1/p')
  requests=$(printf '%s' "$json" | sed -n 's/.*"requests":\([0-9]*\).*/\1/p')
  if [ -z "$rate" ] || [ -z "$requests" ] || [ "$requests" = 0 ]; then
    echo "round $round $mode: no result: $(tail -2 "$work/bench-err-$mode")" >&2; return
  fi
  cpu=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
      'BEGIN {printf "%.1f", t * 1000000 / hz / n}')
  jit=$(awk -v t=$((jit_after - jit_before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
      'BEGIN {printf "%.1f", t * 1000000 / hz / n}')
  printf 'round %s %-19s %8.0f requests/s  %6s us CPU/request (JIT compiler %s)  p99 %6s ms  errors %s  load %s -> %s\n' \
      "$round" "$mode" "$rate" "$cpu" "$jit" "$p99" "$errors" "$before" "$after" >&2
  echo "$mode $rate $errors $cpu $jit" >> "$results"
}
for round in $(seq 1 "$ROUNDS"); do
  if [ "$TOGETHER" = 1 ]; then
    for mode in $MODES; do run_mode "$round" "$mode" & done
    wait
  else
    for mode in $MODES; do run_mode "$round" "$mode"; done
  fi
done
echo "| mode | requests/s (median of $ROUNDS) | each round | ratio to development | ratio, same requests | server CPU us/request (median) | of which JIT compiler | CPU ratio | CPU ratio, same requests | errors |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print 0; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a > 0 && b > 0) printf "%.0f%%", 100 * a / b; else print "-"}'; }
for mode in $MODES; do
  # The baseline with the same requests: development-context for the modes that send an encryption context.
  case $mode in development-context|strict-condition) same=development-context ;; *) same=development ;; esac
  median_rate=$(awk -v m=$mode '$1 == m {print $2}' "$results" | median)
  median_cpu=$(awk -v m=$mode '$1 == m {print $4}' "$results" | median)
  median_jit=$(awk -v m=$mode '$1 == m {print $5}' "$results" | median)
  base_rate=$(awk '$1 == "development" {print $2}' "$results" | median)
  base_cpu=$(awk '$1 == "development" {print $4}' "$results" | median)
  same_rate=$(awk -v m=$same '$1 == m {print $2}' "$results" | median)
  same_cpu=$(awk -v m=$same '$1 == m {print $4}' "$results" | median)
  rounds=$(awk -v m=$mode '$1 == m {printf "%s%.0f", (n++ ? ", " : ""), $2}' "$results")
  errors=$(awk -v m=$mode '$1 == m {e += $3} END {print e + 0}' "$results")
  printf '| %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$mode" "$median_rate" "$rounds" \
      "$(ratio "$median_rate" "$base_rate")" "$(ratio "$median_rate" "$same_rate")" "$median_cpu" "$median_jit" \
      "$(ratio "$base_cpu" "$median_cpu")" "$(ratio "$same_cpu" "$median_cpu")" "$errors"
done
