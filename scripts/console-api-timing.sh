#!/usr/bin/env bash
# Times the console API's answers (curl's time_total, five runs each, in seconds) on a server holding KEYS keys
# (500 by default), each with one alias, and three audit records per key, in us-east-1: made with unsigned-but-
# well-formed SigV4 headers (Meridian reads only the credential scope). Needs the built jar
# (mvn -q -B -DskipTests package) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=server/target/meridian.jar; n="${KEYS:-500}"; port="${PORT:-18737}"; data="$(mktemp -d)"
java -jar "$jar" serve --port "$port" --data-dir "$data" >/dev/null 2>"$data/err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/health/live"; do sleep 0.1; done
kms() { curl -s -X POST "http://127.0.0.1:$port/" -H "Content-Type: application/x-amz-json-1.1" \
  -H "X-Amz-Target: TrentService.$1" -H "X-Amz-Date: 20260101T000000Z" \
  -H "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00" \
  -d "$2"; }
for i in $(seq 1 "$n"); do
  id=$(kms CreateKey '{"Description":"k'"$i"'"}' | sed -E 's/.*"KeyId":"([^"]+)".*/\1/')
  kms CreateAlias '{"AliasName":"alias/k'"$i"'","TargetKeyId":"'"$id"'"}' >/dev/null
  kms DescribeKey '{"KeyId":"'"$id"'"}' >/dev/null
done
api="http://127.0.0.1:$port/_meridian/console/api"
for path in "overview" "keys?region=us-east-1" "key?region=us-east-1&keyId=$id" "audit?region=us-east-1" \
    "audit?region=us-east-1&eventName=CreateAlias" "audit?region=us-east-1&errorsOnly=true" "audit?keyId=$id"; do
  times=""
  for run in 1 2 3 4 5; do times="$times $(curl -s -o /dev/null -w '%{time_total}' "$api/$path")"; done
  echo "$path:$times"
done
