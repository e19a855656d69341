package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.MeridianExtension;
import software.amazon.awssdk.services.kms.model.RecipientInfo;
import software.amazon.awssdk.services.kms.model.KeyEncryptionMechanism;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import java.time.Instant;
import java.security.KeyPair;
import dev.meridian.crypto.attestation.TestNitroPki;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The condition keys of strict mode's policies over HTTP, through the AWS SDK: for each key a policy statement with a
 * Condition on it, once true (the call works) and once false (the call is refused with KMS's
 * {@code AccessDeniedException}, status 400, and its exact text). The key policies, which the account's root puts,
 * keep the statement enabling IAM policies and allow the user carol with the Condition; carol's own identity policy
 * allows only {@code kms:CreateKey} and, with a policy variable, DescribeKey on keys tagged with her name. So a false
 * Condition leaves carol with no allowing policy: "no identity-based policy allows", as AWS says when the key policy
 * lets the account decide.
 */
class StrictConditionKeysIT {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-east-1";
    private static final String ROOT_KEY = "AKIAROOT000000000001";
    private static final String ROOT_SECRET = "root-secret-key";
    private static final String CAROL_KEY = "AKIACAROL00000000001";
    private static final String CAROL_SECRET = "carol-secret-key";
    private static final String CAROL_ARN = "arn:aws:iam::" + ACCOUNT + ":user/carol";

    /** The Nitro Enclaves PKI whose root the server trusts, for {@code kms:RecipientAttestation:*}. */
    private static final TestNitroPki PKI = TestNitroPki.create(Instant.now());
    private static final KeyPair ENCLAVE = TestNitroPki.rsa(2048);

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(identityFile())
            .configure(settings -> settings.attestationRoot(PKI.root())).build();

    private static KmsClient root;
    private static KmsClient carol;

    @BeforeAll
    static void clients() {
        root = kms(ROOT_KEY, ROOT_SECRET, REGION);
        carol = kms(CAROL_KEY, CAROL_SECRET, REGION);
    }

    @AfterAll
    static void close() {
        root.close();
        carol.close();
    }

    @Test
    void encryptionContextValueWhoseKeyNameMatchesInAnyCase() {
        String keyId = key("kms:Encrypt", "{\"StringEquals\": {\"kms:EncryptionContext:Department\": \"IT\"}}");
        carol.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("x"))
                .encryptionContext(Map.of("department", "IT")));
        assertDenied(() -> carol.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("x"))
                .encryptionContext(Map.of("Department", "HR"))), "kms:Encrypt", keyId);
        assertDenied(() -> carol.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("x"))),
                "kms:Encrypt", keyId);
    }

    @Test
    void encryptionContextKeysForAllValues() {
        String keyId = key("kms:Encrypt",
                "{\"ForAllValues:StringEquals\": {\"kms:EncryptionContextKeys\": [\"Department\", \"Project\"]}}");
        carol.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("x"))
                .encryptionContext(Map.of("Department", "IT", "Project", "p1")));
        assertDenied(() -> carol.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("x"))
                .encryptionContext(Map.of("Department", "IT", "Owner", "o1"))), "kms:Encrypt", keyId);
    }

    @Test
    void encryptionAlgorithmOfAnRsaKeyAndTheSymmetricDefault() {
        String rsa = key(create -> create.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.ENCRYPT_DECRYPT), "kms:Encrypt",
                "{\"StringEquals\": {\"kms:EncryptionAlgorithm\": \"RSAES_OAEP_SHA_256\"}}");
        carol.encrypt(request -> request.keyId(rsa).plaintext(KmsTestSupport.bytes("x"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256));
        assertDenied(() -> carol.encrypt(request -> request.keyId(rsa).plaintext(KmsTestSupport.bytes("x"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)), "kms:Encrypt", rsa);
        String symmetric = key("kms:Encrypt", "{\"StringEquals\": {\"kms:EncryptionAlgorithm\": \"SYMMETRIC_DEFAULT\"}}");
        carol.encrypt(request -> request.keyId(symmetric).plaintext(KmsTestSupport.bytes("x")));
        String onlyRsa = key("kms:Encrypt", "{\"StringEquals\": {\"kms:EncryptionAlgorithm\": \"RSAES_OAEP_SHA_256\"}}");
        assertDenied(() -> carol.encrypt(request -> request.keyId(onlyRsa).plaintext(KmsTestSupport.bytes("x"))),
                "kms:Encrypt", onlyRsa);
    }

    @Test
    void recipientAttestationOfTheEnclaveThatAsks() {
        // The test PKI's documents have PCR n = 48 bytes whose first is n: PCR0 (ImageSha384) is 48 zero bytes.
        String keyId = key("kms:GenerateDataKey", "{\"StringEqualsIgnoreCase\": {"
                + "\"kms:RecipientAttestation:ImageSha384\": \"" + "00".repeat(48) + "\", "
                + "\"kms:RecipientAttestation:PCR1\": \"01" + "00".repeat(47) + "\"}}");
        byte[] enclave = ENCLAVE.getPublic().getEncoded();
        var granted = carol.generateDataKey(request -> request.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .recipient(recipient(PKI.document().publicKey(enclave).build())));
        assertThat(granted.ciphertextForRecipient()).isNotNull();
        assertThat(granted.plaintext()).isNull();

        java.util.Map<Integer, byte[]> otherImage = new java.util.LinkedHashMap<>();
        for (int index = 0; index < 16; index++) {
            byte[] pcr = new byte[48];
            pcr[0] = (byte) (index == 0 ? 0x7f : index);
            otherImage.put(index, pcr);
        }
        assertDenied(() -> carol.generateDataKey(request -> request.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .recipient(recipient(PKI.document().publicKey(enclave).field("pcrs", otherImage).build()))),
                "kms:GenerateDataKey", keyId);
        assertDenied(() -> carol.generateDataKey(request -> request.keyId(keyId).keySpec(DataKeySpec.AES_256)),
                "kms:GenerateDataKey", keyId);
    }

    private static RecipientInfo recipient(byte[] document) {
        return RecipientInfo.builder().keyEncryptionAlgorithm(KeyEncryptionMechanism.RSAES_OAEP_SHA_256)
                .attestationDocument(SdkBytes.fromByteArray(document)).build();
    }

    @Test
    void requestAliasOnlyWhenTheRequestNamesTheAlias() {
        String keyId = key("kms:Encrypt", "{\"StringEquals\": {\"kms:RequestAlias\": \"alias/orders-condition\"}}");
        root.createAlias(request -> request.aliasName("alias/orders-condition").targetKeyId(keyId));
        carol.encrypt(request -> request.keyId("alias/orders-condition").plaintext(KmsTestSupport.bytes("x")));
        assertDenied(() -> carol.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("x"))),
                "kms:Encrypt", keyId);
    }

    @Test
    void resourceAliasesForAnyValueStringLike() {
        String condition = "{\"ForAnyValue:StringLike\": {\"kms:ResourceAliases\": \"alias/finance-*\"}}";
        String finance = key("kms:DescribeKey", condition);
        root.createAlias(request -> request.aliasName("alias/finance-ledger").targetKeyId(finance));
        String payroll = key("kms:DescribeKey", condition);
        root.createAlias(request -> request.aliasName("alias/hr-payroll").targetKeyId(payroll));
        assertThat(carol.describeKey(request -> request.keyId(finance)).keyMetadata().keyId()).isEqualTo(finance);
        assertDenied(() -> carol.describeKey(request -> request.keyId(payroll)), "kms:DescribeKey", payroll);
    }

    @Test
    void resourceTag() {
        String condition = "{\"StringEquals\": {\"aws:ResourceTag/team\": \"blue\"}}";
        String blue = key(create -> create.tags(tag("team", "blue")), "kms:Encrypt", condition);
        String red = key(create -> create.tags(tag("team", "red")), "kms:Encrypt", condition);
        carol.encrypt(request -> request.keyId(blue).plaintext(KmsTestSupport.bytes("x")));
        assertDenied(() -> carol.encrypt(request -> request.keyId(red).plaintext(KmsTestSupport.bytes("x"))),
                "kms:Encrypt", red);
    }

    @Test
    void requestTagAndTagKeysOnTagResource() {
        String keyId = key("kms:TagResource", "{\"StringEquals\": {\"aws:RequestTag/team\": \"blue\"},"
                + " \"ForAllValues:StringEquals\": {\"aws:TagKeys\": [\"team\"]}}");
        carol.tagResource(request -> request.keyId(keyId).tags(tag("team", "blue")));
        assertDenied(() -> carol.tagResource(request -> request.keyId(keyId).tags(tag("team", "red"))),
                "kms:TagResource", keyId);
        assertDenied(() -> carol.tagResource(request -> request.keyId(keyId).tags(tag("team", "blue"), tag("cost", "1"))),
                "kms:TagResource", keyId);
    }

    @Test
    void grantOperationsOnCreateGrant() {
        String keyId = key("kms:CreateGrant",
                "{\"ForAllValues:StringEquals\": {\"kms:GrantOperations\": [\"Encrypt\", \"Decrypt\"]}}");
        carol.createGrant(request -> request.keyId(keyId).granteePrincipal(CAROL_ARN)
                .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT));
        assertDenied(() -> carol.createGrant(request -> request.keyId(keyId).granteePrincipal(CAROL_ARN)
                .operations(GrantOperation.ENCRYPT, GrantOperation.CREATE_GRANT)), "kms:CreateGrant", keyId);
    }

    @Test
    void replicaRegionOnReplicateKey() {
        String keyId = key(create -> create.multiRegion(true), "kms:ReplicateKey",
                "{\"StringEquals\": {\"kms:ReplicaRegion\": \"us-west-2\"}}");
        assertThat(carol.replicateKey(request -> request.keyId(keyId).replicaRegion("us-west-2")).replicaKeyMetadata()
                .keyId()).isEqualTo(keyId);
        assertDenied(() -> carol.replicateKey(request -> request.keyId(keyId).replicaRegion("eu-west-1")),
                "kms:ReplicateKey", keyId);
    }

    @Test
    void callerAccount() {
        String own = key("kms:DescribeKey", "{\"StringEquals\": {\"kms:CallerAccount\": \"" + ACCOUNT + "\"}}");
        String other = key("kms:DescribeKey", "{\"StringEquals\": {\"kms:CallerAccount\": \"444455556666\"}}");
        carol.describeKey(request -> request.keyId(own));
        assertDenied(() -> carol.describeKey(request -> request.keyId(other)), "kms:DescribeKey", other);
    }

    @Test
    void sourceIp() {
        String loopback = key("kms:Encrypt", "{\"IpAddress\": {\"aws:SourceIp\": \"127.0.0.0/8\"}}");
        String privateNetwork = key("kms:Encrypt", "{\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}");
        carol.encrypt(request -> request.keyId(loopback).plaintext(KmsTestSupport.bytes("x")));
        assertDenied(() -> carol.encrypt(request -> request.keyId(privateNetwork).plaintext(KmsTestSupport.bytes("x"))),
                "kms:Encrypt", privateNetwork);
    }

    @Test
    void secureTransportIsFalseOverPlainHttp() {
        String plain = key("kms:Encrypt", "{\"Bool\": {\"aws:SecureTransport\": \"false\"}}");
        String tls = key("kms:Encrypt", "{\"Bool\": {\"aws:SecureTransport\": \"true\"}}");
        carol.encrypt(request -> request.keyId(plain).plaintext(KmsTestSupport.bytes("x")));
        assertDenied(() -> carol.encrypt(request -> request.keyId(tls).plaintext(KmsTestSupport.bytes("x"))),
                "kms:Encrypt", tls);
    }

    @Test
    void viaServiceIsAbsentOnADirectCall() {
        String direct = key("kms:Encrypt", "{\"Null\": {\"kms:ViaService\": \"true\"}}");
        String viaEc2 = key("kms:Encrypt", "{\"StringEquals\": {\"kms:ViaService\": \"ec2.us-east-1.amazonaws.com\"}}");
        carol.encrypt(request -> request.keyId(direct).plaintext(KmsTestSupport.bytes("x")));
        assertDenied(() -> carol.encrypt(request -> request.keyId(viaEc2).plaintext(KmsTestSupport.bytes("x"))),
                "kms:Encrypt", viaEc2);
    }

    /** Carol's identity policy allows DescribeKey where {@code aws:ResourceTag/owner} is {@code ${aws:username}}. */
    @Test
    void aPolicyVariableInACondition() {
        String hers = root.createKey(request -> request.tags(tag("owner", "carol"))).keyMetadata().keyId();
        String daves = root.createKey(request -> request.tags(tag("owner", "dave"))).keyMetadata().keyId();
        carol.describeKey(request -> request.keyId(hers));
        assertDenied(() -> carol.describeKey(request -> request.keyId(daves)), "kms:DescribeKey", daves);
    }

    @Test
    void pendingWindowInDaysNumericLessThanEquals() {
        String keyId = key("kms:ScheduleKeyDeletion",
                "{\"NumericLessThanEquals\": {\"kms:ScheduleKeyDeletionPendingWindowInDays\": \"10\"}}");
        assertDenied(() -> carol.scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(30)),
                "kms:ScheduleKeyDeletion", keyId);
        assertThat(carol.scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7))
                .pendingWindowInDays()).isEqualTo(7);
    }

    @Test
    void currentTimeDateLessThan() {
        String future = key("kms:Encrypt", "{\"DateLessThan\": {\"aws:CurrentTime\": \"2099-01-01T00:00:00Z\"}}");
        String past = key("kms:Encrypt", "{\"DateLessThan\": {\"aws:CurrentTime\": \"2000-01-01T00:00:00Z\"}}");
        carol.encrypt(request -> request.keyId(future).plaintext(KmsTestSupport.bytes("x")));
        assertDenied(() -> carol.encrypt(request -> request.keyId(past).plaintext(KmsTestSupport.bytes("x"))),
                "kms:Encrypt", past);
    }

    private static String key(String action, String condition) {
        return key(create -> { }, action, condition);
    }

    /**
     * A key the root creates (as {@code create} says) and gives a key policy that enables IAM policies and allows
     * carol {@code action} under {@code condition} (a JSON object).
     */
    private static String key(Consumer<CreateKeyRequest.Builder> create, String action, String condition) {
        String keyId = root.createKey(create).keyMetadata().keyId();
        root.putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy("""
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Enable IAM policies", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"},
                   "Action": "kms:*", "Resource": "*"},
                  {"Sid": "Carol under a condition", "Effect": "Allow", "Principal": {"AWS": "%s"},
                   "Action": "%s", "Resource": "*", "Condition": %s}]}
                """.formatted(ACCOUNT, CAROL_ARN, action, condition)));
        return keyId;
    }

    private static void assertDenied(ThrowingCallable call, String action, String keyId) {
        var error = KmsTestSupport.assertUndeclaredError(call, "AccessDeniedException", "User: " + CAROL_ARN
                + " is not authorized to perform: " + action + " on resource: " + KmsTestSupport.arn(REGION, keyId)
                + " because no identity-based policy allows the " + action + " action");
        assertThat(error.statusCode()).isEqualTo(400);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().tagKey(key).tagValue(value).build();
    }

    private static KmsClient kms(String key, String secret, String region) {
        return KmsTestSupport.pointedAt(KmsClient.builder(), meridian.server().endpoint(), region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))).build();
    }

    private static Path identityFile() {
        return StrictSupport.writeIdentityFile("""
                {"accounts": [
                  {"id": "%s",
                   "rootAccessKeys": [{"accessKeyId": "%s", "secretAccessKey": "%s"}],
                   "users": [{"name": "carol",
                              "accessKeys": [{"accessKeyId": "%s", "secretAccessKey": "%s"}],
                              "policies": [{"Version": "2012-10-17", "Statement": [
                                {"Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*"},
                                {"Effect": "Allow", "Action": "kms:DescribeKey", "Resource": "*",
                                 "Condition": {"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}}]}]}]}
                ]}
                """.formatted(ACCOUNT, ROOT_KEY, ROOT_SECRET, CAROL_KEY, CAROL_SECRET));
    }
}
