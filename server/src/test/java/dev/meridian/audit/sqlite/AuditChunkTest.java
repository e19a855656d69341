package dev.meridian.audit.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.CloudTrailRecordFormat;
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
