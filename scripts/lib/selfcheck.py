"""Self-check of the emulators (run by `scripts/emulators check` with .tools/venv/bin/python).

Talks to the endpoints in the environment exactly as the Java ITs will (AWS_ENDPOINT_URL_*,
AWS_REGION, test credentials) and does the operations Writ relies on: a DynamoDB table with a
conditional put that must lose the second time, and a KMS P-256 key that signs RAW messages
whose signatures verify and do not verify for another message.
"""
import os
import sys
import uuid

import boto3
from botocore.exceptions import ClientError

REQUIRED = ("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_KMS", "AWS_REGION",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


def fail(msg):
    print("selfcheck: FAIL: " + msg)
    sys.exit(1)


def client(service, env_var):
    c = boto3.client(service, region_name=os.environ["AWS_REGION"])
    # boto3 reads AWS_ENDPOINT_URL_<SERVICE> itself; make sure it really did.
    if c.meta.endpoint_url.rstrip("/") != os.environ[env_var].rstrip("/"):
        fail("%s client went to %s, not %s" % (service, c.meta.endpoint_url, os.environ[env_var]))
    return c


def check_dynamodb():
    ddb = client("dynamodb", "AWS_ENDPOINT_URL_DYNAMODB")
    table = "writ-selfcheck-" + uuid.uuid4().hex[:8]
    ddb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "chain", "KeyType": "HASH"},
                   {"AttributeName": "seq", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "chain", "AttributeType": "S"},
                              {"AttributeName": "seq", "AttributeType": "N"}],
        BillingMode="PAY_PER_REQUEST")
    ddb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    put = dict(TableName=table, Item={"chain": {"S": "selfcheck#0"}, "seq": {"N": "0"}},
               ConditionExpression="attribute_not_exists(seq)")
    ddb.put_item(**put)
    try:
        ddb.put_item(**put)
        fail("second conditional put on the same key succeeded")
    except ClientError as e:
        if e.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
    item = ddb.get_item(TableName=table, Key={"chain": {"S": "selfcheck#0"}, "seq": {"N": "0"}},
                        ConsistentRead=True).get("Item")
    if not item:
        fail("item written to %s cannot be read back" % table)
    ddb.delete_table(TableName=table)
    print("selfcheck: dynamodb %s: table created, conditional put lost the second time, read back"
          % ddb.meta.endpoint_url)


def check_kms():
    kms = client("kms", "AWS_ENDPOINT_URL_KMS")
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["Arn"]
    msg = b"writ selfcheck"
    sig = kms.sign(KeyId=key, Message=msg, MessageType="RAW",
                   SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    ok = kms.verify(KeyId=key, Message=msg, MessageType="RAW", Signature=sig,
                    SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"]
    if not ok:
        fail("KMS signature does not verify")
    try:
        forged = kms.verify(KeyId=key, Message=msg + b"!", MessageType="RAW", Signature=sig,
                            SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"]
    except ClientError as e:
        if e.response["Error"]["Code"] != "KMSInvalidSignatureException":
            raise
        forged = False
    if forged:
        fail("KMS signature verifies for another message")
    if not kms.get_public_key(KeyId=key)["PublicKey"]:
        fail("KMS GetPublicKey returned no key")
    print("selfcheck: kms %s: P-256 key %s signs RAW, verifies, rejects another message"
          % (kms.meta.endpoint_url, key))


def main():
    missing = [v for v in REQUIRED if not os.environ.get(v)]
    if missing:
        fail("missing environment: " + ", ".join(missing))
    check_dynamodb()
    check_kms()
    print("selfcheck: OK")


if __name__ == "__main__":
    main()
