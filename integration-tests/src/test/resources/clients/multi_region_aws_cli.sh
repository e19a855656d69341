#!/usr/bin/env bash
# A multi-Region round trip with the AWS CLI, as a user would type it. Usage: multi_region_aws_cli.sh ENDPOINT
set -euo pipefail
endpoint="$1"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_PAGER=""
kms() { aws kms --endpoint-url "$endpoint" --output text "$@"; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

key_id="$(kms create-key --region us-east-1 --multi-region --query KeyMetadata.KeyId)"
[[ "$key_id" =~ ^mrk-[0-9a-f]{32}$ ]] || { echo "bad key ID: $key_id"; exit 1; }
state="$(kms replicate-key --region us-east-1 --key-id "$key_id" --replica-region eu-west-1 --query ReplicaKeyMetadata.KeyState)"
[[ "$state" == "Creating" ]] || { echo "replica state: $state"; exit 1; }
for _ in $(seq 1 300); do
  [[ "$(kms describe-key --region eu-west-1 --key-id "$key_id" --query KeyMetadata.KeyState)" == "Enabled" ]] && break
  sleep 0.1
done
printf 'hello from the CLI' > "$work/plain"
kms encrypt --region us-east-1 --key-id "$key_id" --plaintext "fileb://$work/plain" --query CiphertextBlob \
  | base64 -d > "$work/blob"
kms decrypt --region eu-west-1 --ciphertext-blob "fileb://$work/blob" --query Plaintext | base64 -d > "$work/back"
cmp "$work/plain" "$work/back"
if kms describe-key --region us-east-1 --key-id nope 2> "$work/error"; then
  echo "describe-key nope succeeded"; exit 1
fi
grep -q "NotFoundException" "$work/error" && grep -q "Invalid keyId 'nope'" "$work/error"
echo "AWS CLI multi-Region round trip: ok"
