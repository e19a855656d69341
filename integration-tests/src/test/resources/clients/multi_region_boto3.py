"""A multi-Region round trip with boto3, as a user would write it. Usage: multi_region_boto3.py ENDPOINT"""
import sys
import time

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]


def kms(region):
    return boto3.client("kms", region_name=region, endpoint_url=endpoint,
                        aws_access_key_id="test", aws_secret_access_key="test")


east, west = kms("us-east-1"), kms("us-west-2")
key = east.create_key(MultiRegion=True, Description="boto3")["KeyMetadata"]
assert key["KeyId"].startswith("mrk-") and key["MultiRegion"] is True, key
replica = east.replicate_key(KeyId=key["KeyId"], ReplicaRegion="us-west-2")["ReplicaKeyMetadata"]
assert replica["KeyState"] == "Creating", replica
deadline = time.monotonic() + 30
while west.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] != "Enabled":
    assert time.monotonic() < deadline, "the replica never became Enabled"
    time.sleep(0.05)
blob = east.encrypt(KeyId=key["KeyId"], Plaintext=b"hello", EncryptionContext={"a": "b"})["CiphertextBlob"]
answer = west.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "b"})
assert answer["Plaintext"] == b"hello", answer
assert answer["KeyId"] == replica["Arn"], answer
try:
    west.decrypt(CiphertextBlob=blob)
    raise AssertionError("decrypt without the context succeeded")
except ClientError as error:
    assert error.response["Error"]["Code"] == "InvalidCiphertextException", error.response
try:
    east.replicate_key(KeyId=key["KeyId"], ReplicaRegion="us-west-2")
    raise AssertionError("a second replica in us-west-2 was accepted")
except ClientError as error:
    assert error.response["Error"]["Code"] == "AlreadyExistsException", error.response
print("boto3 multi-Region round trip: ok")
