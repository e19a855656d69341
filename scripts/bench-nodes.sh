#!/usr/bin/env bash
# Several nodes on one PostgreSQL database, measured from the built jars (run 'mvn -q -B -DskipTests package'
# first; builds nothing). Prints one line per run, then a markdown table:
#   CreateKey, one node   the rate of a write (one commit per key) on the embedded SQLite store and on PostgreSQL
#   Encrypt, one node     on PostgreSQL: CONNECTIONS connections to one node
#   Encrypt, two nodes    the same key through two nodes of the same database, CONNECTIONS/2 connections to each
#                         at once (the rate is the sum); on one machine the two nodes share its cores
# The cross-node invalidation bound (disable on one node -> refused on another) is measured by MultiNodeIT, which
# prints its distribution:
#   mvn -B -o -pl integration-tests -am test -Dtest=MultiNodeIT -Dsurefire.failIfNoSpecifiedTests=false \
#       | grep 'refused on another'
# DATABASE_URL names a PostgreSQL database to use (it must be empty; the CreateKey runs add keys to it); without
# it a throwaway server is started here with initdb and pg_ctl from PATH (as user postgres when run as root) and
# removed at the end. DURATION (15s), WARMUP (5s), CONNECTIONS (32), SERVER_JAR, BENCH_JAR and JAVA_OPTIONS (of
# the servers) change the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}; WARMUP=${WARMUP:-5s}; CONNECTIONS=${CONNECTIONS:-32}
SERVER_JAR=${SERVER_JAR:-server/target/meridian.jar}; BENCH_JAR=${BENCH_JAR:-bench/target/meridian-bench.jar}
JAVA_OPTIONS=${JAVA_OPTIONS:-}
work=$(mktemp -d); pids=(); pg_data=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "$pg_data" ] && as_postgres pg_ctl -D "$pg_data" -m fast stop > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"

if [ -z "${DATABASE_URL:-}" ]; then
  pg_data="$work/postgres"; pg_port=$((25400 + RANDOM % 500))
  mkdir -p "$pg_data"; [ "$(id -u)" = 0 ] && chown postgres "$pg_data"
  as_postgres initdb -D "$pg_data" -U postgres -A trust > "$work/initdb.log"
  as_postgres pg_ctl -D "$pg_data" -o "-p $pg_port -k $pg_data" -l "$pg_data/log" -w start > /dev/null
  as_postgres psql -h 127.0.0.1 -p $pg_port -U postgres -q -c "CREATE DATABASE meridian_bench" postgres
  DATABASE_URL="jdbc:postgresql://127.0.0.1:$pg_port/meridian_bench?user=postgres"
fi
head -c 32 /dev/urandom > "$work/root.key"

# Starts a node (its name, then serve's options); waits for its ready line; sets $endpoint.
start_node() {
  local name=$1; shift
  # shellcheck disable=SC2086
  java $JAVA_OPTIONS -jar "$SERVER_JAR" serve --port 0 --data-dir "$work/$name" --replication-delay 0s \
      --key-limit 10000000 "$@" > "$work/$name.out" 2> "$work/$name.err" &
  pids+=($!)
  for _ in $(seq 1 300); do grep -q "ready on" "$work/$name.out" 2>/dev/null && break; sleep 0.1; done
  endpoint=$(sed -n 's/.*ready on \(http:[^ ]*\).*/\1/p' "$work/$name.out")
  [ -n "$endpoint" ] || { echo "$name did not start: $(tail -3 "$work/$name.err")" >&2; exit 1; }
}
stop_nodes() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
}
# One load run: endpoint, operation, connections, then the generator's other options; prints its JSON line.
load() {
  local target=$1 operation=$2 connections=$3; shift 3
  java -jar "$BENCH_JAR" --endpoint "$target" --operation "$operation" --connections "$connections" \
      --duration "$DURATION" --warmup "$WARMUP" --json "$@" 2>> "$work/bench.err" | tail -1
}
field() { printf '%s' "$1" | sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p"; }
row() { printf '| %s | %.0f | %s | %s |\n' "$1" "$(field "$2" throughputPerSecond)" \
    "$(field "$2" latencyP99Milliseconds)" "$(field "$2" errors)"; }

rows=()
start_node sqlite
json=$(load "$endpoint" CreateKey "$CONNECTIONS"); rows+=("$(row "CreateKey, one node, SQLite" "$json")")
echo "CreateKey SQLite: $json" >&2
stop_nodes

start_node first --database "$DATABASE_URL" --root-key "$work/root.key"
first=$endpoint
json=$(load "$first" CreateKey "$CONNECTIONS"); rows+=("$(row "CreateKey, one node, PostgreSQL" "$json")")
echo "CreateKey PostgreSQL: $json" >&2
json=$(load "$first" Encrypt "$CONNECTIONS"); rows+=("$(row "Encrypt, one node, PostgreSQL" "$json")")
echo "Encrypt one node: $json" >&2
key=$(printf '%s' "$json" | sed -n 's/.*"keyId":"\([^"]*\)".*/\1/p')

start_node second --database "$DATABASE_URL" --root-key "$work/root.key"
second=$endpoint
half=$((CONNECTIONS / 2))
load "$first" Encrypt "$half" --key-id "$key" > "$work/first.json" &
one=$!
load "$second" Encrypt "$half" --key-id "$key" > "$work/second.json" &
two=$!
wait $one $two
a=$(cat "$work/first.json"); b=$(cat "$work/second.json")
echo "Encrypt two nodes: $a / $b" >&2
sum=$(awk -v x="$(field "$a" throughputPerSecond)" -v y="$(field "$b" throughputPerSecond)" 'BEGIN {print x + y}')
p99=$(awk -v x="$(field "$a" latencyP99Milliseconds)" -v y="$(field "$b" latencyP99Milliseconds)" \
    'BEGIN {print (x > y ? x : y)}')
errors=$(( $(field "$a" errors) + $(field "$b" errors) ))
rows+=("$(printf '| Encrypt, two nodes, PostgreSQL (sum) | %.0f | %s | %s |' "$sum" "$p99" "$errors")")
stop_nodes

echo "| run ($CONNECTIONS connections, $DURATION, load $(cut -d' ' -f1-3 /proc/loadavg)) | requests/s | p99 ms | errors |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
