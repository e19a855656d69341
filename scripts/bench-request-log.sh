#!/usr/bin/env bash
# Needs the built jars (mvn -q -B -DskipTests package).
# Encrypt throughput with the request log on (default) and off (--log-level warn), alternating fresh servers.
cd "$(dirname "$0")/.."
for round in 1 2; do
for mode in on off; do
  d=$(mktemp -d); port=$((18800 + RANDOM % 500))
  extra=""; [ $mode = off ] && extra="--log-level warn"
  java -jar server/target/meridian.jar serve --port $port --data-dir $d/data $extra > $d/out 2> $d/err &
  pid=$!
  for i in $(seq 1 100); do grep -q "http" $d/out 2>/dev/null && break; sleep 0.1; done
  r=$(java -jar bench/target/meridian-bench.jar --endpoint http://127.0.0.1:$port --operation Encrypt --connections 32 --duration 15s --warmup 5s 2>&1 | grep -iE "throughput|requests/s" | head -1)
  echo "round $round log=$mode load=$(cut -d' ' -f1 /proc/loadavg): $r"
  kill $pid; wait $pid 2>/dev/null; rm -rf $d
done; done
