package dev.meridian.audit.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.CloudTrailRecordFormat;
import dev.meridian.audit.codec.AuditEventCodec;
import dev.meridian.audit.UserIdentity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditChunkTest {

    @Test
    void eventsComeBackWithTheSameCloudTrailRecord() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("keyId", "alias/ünïcode");
        parameters.put("numberOfBytes", 32);
        parameters.put("big", 12_345_678_901L);
        parameters.put("date", new BigDecimal("1700000000.123"));
        parameters.put("ratio", 0.5);
        parameters.put("flag", true);
        parameters.put("context", Map.of("purpose", "test"));
        parameters.put("grantTokens", List.of("a", "b"));
        parameters.put("nothing", null);
        AuditEvent call = AuditEvent.builder().eventTime(Instant.parse("2026-11-28T10:00:00Z")).eventName("Encrypt")
                .awsRegion("eu-west-1").sourceIpAddress("127.0.0.1").userAgent("aws-sdk-java/2")
                .userIdentity(UserIdentity.root("111122223333", "arn:aws:iam::111122223333:root", "AKID").invokedByKms())
                .requestParameters(parameters).responseElements(Map.of("keyId", "arn:aws:kms:eu-west-1:111122223333:key/k"))
                .resource(AuditResource.kmsKey("arn:aws:kms:eu-west-1:111122223333:key/k"))
                .error("NotFoundException", "Key 'x' does not exist").requestId("request").readOnly(false)
                .recipientAccountId("111122223333").build();
        AuditEvent service = AuditEvent.builder().eventTime(Instant.parse("2026-11-28T10:00:01Z")).eventName("RotateKey")
                .awsRegion("eu-west-1").userIdentity(UserIdentity.service("111122223333"))
                .serviceEventDetails(Map.of("keyId", "k")).eventType(AuditEvent.EventType.AwsServiceEvent)
                .recipientAccountId("111122223333").build();

        List<AuditChunk.Entry> entries = AuditChunk.decode(AuditChunk.encodeEvents(List.of(call, service, call)));

        assertThat(entries).hasSize(3);
        assertThat(new String(entries.get(0).json())).isEqualTo(CloudTrailRecordFormat.toJson(call));
        assertThat(new String(entries.get(1).json())).isEqualTo(CloudTrailRecordFormat.toJson(service));
        assertThat(new String(entries.get(2).json())).isEqualTo(CloudTrailRecordFormat.toJson(call));
        assertThat(entries.get(0).eventName()).isEqualTo("Encrypt");
        assertThat(entries.get(0).accessKeyId()).isEqualTo("AKID");
        assertThat(entries.get(1).userName()).isNull();
    }

    @Test
    void additionalEventDataComesBackAndChunksOfFormat2StillRead() {
        AuditEvent retire = AuditEvent.builder().eventTime(Instant.parse("2026-11-28T10:00:00Z")).eventName("RetireGrant")
                .awsRegion("eu-west-1").userIdentity(UserIdentity.root("111122223333", "arn:aws:iam::111122223333:root", "AKID"))
                .additionalEventData(Map.of("grantId", "g".repeat(64))).requestId("request").readOnly(false)
                .recipientAccountId("111122223333").build();
        assertThat(new String(AuditChunk.decode(AuditChunk.encodeEvents(List.of(retire))).get(0).json()))
                .isEqualTo(CloudTrailRecordFormat.toJson(retire)).contains("\"additionalEventData\":{\"grantId\":");

        AuditEvent encrypt = AuditEvent.builder().eventTime(Instant.parse("2026-11-28T10:00:02Z")).eventName("Encrypt")
                .awsRegion("eu-west-1").userIdentity(UserIdentity.root("111122223333", "arn:aws:iam::111122223333:root", "AKID"))
                .requestParameters(Map.of("keyId", "k")).readOnly(true).recipientAccountId("111122223333").build();
        byte[] older = AuditChunk.encodeEvents(List.of(encrypt, encrypt), (byte) 0x02);
        assertThat(older[0]).isEqualTo((byte) 0x02);
        assertThat(AuditChunk.decode(older)).extracting(entry -> new String(entry.json()))
                .containsExactly(CloudTrailRecordFormat.toJson(encrypt), CloudTrailRecordFormat.toJson(encrypt));
    }

    private static AuditEvent bySession(UserIdentity.SessionContext context) {
        return AuditEvent.builder().eventTime(Instant.parse("2026-12-02T10:05:00Z")).eventName("Encrypt")
                .eventId("4f1b1c7e-0000-4000-8000-000000000001")
                .awsRegion("us-east-1").userIdentity(new UserIdentity("AssumedRole", "AROAEXAMPLEROLEID0001:job-1",
                        "arn:aws:sts::111122223333:assumed-role/encryptor/job-1", "111122223333", "ASIAEXAMPLE000000001",
                        null, context))
                .requestParameters(Map.of("keyId", "k")).readOnly(true).recipientAccountId("111122223333").build();
    }

    private static final UserIdentity.SessionContext SESSION = new UserIdentity.SessionContext("AROAEXAMPLEROLEID0001",
            "arn:aws:iam::111122223333:role/team/encryptor", "111122223333", "encryptor",
            Instant.parse("2026-12-02T10:00:00Z"));

    @Test
    void aSessionContextComesBackWithAndWithoutItsCreationDate() {
        UserIdentity.SessionContext unknownCreation = new UserIdentity.SessionContext("AROAEXAMPLEROLEID0001",
                "arn:aws:iam::111122223333:role/team/encryptor", "111122223333", "encryptor", null);
        AuditEvent root = AuditEvent.builder().eventTime(Instant.parse("2026-12-02T10:06:00Z")).eventName("Decrypt")
                .awsRegion("us-east-1").userIdentity(UserIdentity.root("111122223333", "arn:aws:iam::111122223333:root", "AKID"))
                .recipientAccountId("111122223333").build();
        byte[] chunk = AuditChunk.encodeEvents(List.of(bySession(SESSION), bySession(unknownCreation), root));
        assertThat(chunk[0]).isEqualTo((byte) 0x04);
        List<AuditChunk.Entry> entries = AuditChunk.decode(chunk);
        assertThat(entries.get(0).event().userIdentity().sessionContext()).isEqualTo(SESSION);
        assertThat(entries.get(1).event().userIdentity().sessionContext()).isEqualTo(unknownCreation);
        assertThat(entries.get(2).event().userIdentity().sessionContext()).isNull();
        assertThat(new String(entries.get(0).json())).isEqualTo(CloudTrailRecordFormat.toJson(bySession(SESSION)))
                .contains("\"creationDate\":\"2026-12-02T10:00:00Z\"");
        assertThat(entries.get(2).userName()).isEqualTo("root");
    }

    @Test
    void chunksOfFormat3WithoutSessionContextsStillRead() {
        AuditEvent withoutContext = bySession(null);
        byte[] older = AuditChunk.encodeEvents(List.of(withoutContext, withoutContext), (byte) 0x03);
        assertThat(older[0]).isEqualTo((byte) 0x03);
        assertThat(AuditChunk.decode(older)).extracting(entry -> new String(entry.json()))
                .containsExactly(CloudTrailRecordFormat.toJson(withoutContext), CloudTrailRecordFormat.toJson(withoutContext));
        // a format 3 chunk has no room for a session context: it is left out, as chunks of 3 never had one
        assertThat(AuditChunk.decode(AuditChunk.encodeEvents(List.of(bySession(SESSION)), (byte) 0x03)).get(0).event()
                .userIdentity().sessionContext()).isNull();
    }

    @Test
    void oneEventAloneIsWrittenInFormat4AndOfFormat3StillRead() {
        byte[] stored = AuditEventCodec.encode(bySession(SESSION));
        assertThat(stored[0]).isEqualTo((byte) 0x04);
        assertThat(AuditEventCodec.decode(stored).userIdentity()).isEqualTo(bySession(SESSION).userIdentity());
        assertThat(CloudTrailRecordFormat.toJson(AuditEventCodec.decode(stored)))
                .isEqualTo(CloudTrailRecordFormat.toJson(bySession(SESSION)));
        byte[] older = AuditEventCodec.encode(bySession(null), (byte) 0x03);
        assertThat(older[0]).isEqualTo((byte) 0x03);
        assertThat(CloudTrailRecordFormat.toJson(AuditEventCodec.decode(older)))
                .isEqualTo(CloudTrailRecordFormat.toJson(bySession(null)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditEventCodec.decode(new byte[] {0x05, 0}))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("unknown format");
    }

    @Test
    void aDamagedCreationDateIsADamagedChunk() {
        byte[] chunk = AuditChunk.encodeEvents(List.of(bySession(SESSION)));
        byte[] digits = Long.toString(SESSION.creationDate().getEpochSecond()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = indexOf(chunk, digits);
        assertThat(at).isPositive();
        chunk[at] = 'x';
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditChunk.decode(chunk))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessage("A stored audit chunk is damaged");
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int start = 0; start + part.length <= bytes.length; start++) {
            if (java.util.Arrays.equals(bytes, start, start + part.length, part, 0, part.length)) {
                return start;
            }
        }
        return -1;
    }

    @Test
    void aRepeatedStringIsStoredOnce() {
        AuditEvent event = AuditEvent.builder().eventTime(Instant.EPOCH).eventName("Decrypt").awsRegion("us-east-1")
                .userAgent("x".repeat(500)).userIdentity(UserIdentity.root("111122223333", "arn:aws:iam::111122223333:root", "AKID"))
                .recipientAccountId("111122223333").build();
        int one = AuditChunk.encodeEvents(List.of(event)).length;
        int hundred = AuditChunk.encodeEvents(java.util.Collections.nCopies(100, event)).length;
        assertThat(one).isGreaterThan(500);
        assertThat(hundred - one).isLessThan(100 * 80);
    }
}
