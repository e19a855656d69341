package dev.meridian.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What LookupEvents lists as an event's resources, decided from the event alone. */
class AuditEventTest {
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String ARN = "arn:aws:kms:us-west-2:111122223333:key/" + KEY_ID;
    private static final String OTHER_ID = "mrk-1234abcd12ab34cd56ef1234567890ab";
    private static final String OTHER_ARN = "arn:aws:kms:us-west-2:111122223333:key/" + OTHER_ID;

    private static AuditEvent.Builder event(Map<String, ?> requestParameters, String... arns) {
        AuditEvent.Builder event = AuditEvent.builder().eventTime(Instant.EPOCH).eventName("ReEncrypt")
                .awsRegion("us-west-2").userIdentity(UserIdentity.unknown(null)).requestParameters(requestParameters);
        for (String arn : arns) {
            event.resource(AuditResource.kmsKey(arn));
        }
        return event;
    }

    private static AuditResource byId(String keyId) {
        return new AuditResource(keyId, "111122223333", AuditResource.KMS_KEY);
    }

    @Test
    void aKeyNamedByItsBareIdIsListedByThatIdAfterTheArns() {
        AuditEvent reEncrypt = event(Map.of("sourceKeyId", KEY_ID, "destinationKeyId", OTHER_ID), ARN, OTHER_ARN).build();
        assertThat(reEncrypt.lookupResources()).containsExactly(AuditResource.kmsKey(ARN), AuditResource.kmsKey(OTHER_ARN),
                byId(KEY_ID), byId(OTHER_ID));
        assertThat(reEncrypt.resources()).containsExactly(AuditResource.kmsKey(ARN), AuditResource.kmsKey(OTHER_ARN));
    }

    @Test
    void keysNamedByArnOrAliasOrNotAmongTheResourcesAddNothing() {
        assertThat(event(Map.of("keyId", ARN), ARN).build().lookupResources()).containsExactly(AuditResource.kmsKey(ARN));
        assertThat(event(Map.of("keyId", "alias/x"), ARN).build().lookupResources())
                .containsExactly(AuditResource.kmsKey(ARN));
        assertThat(event(Map.of("keyId", OTHER_ID), ARN).build().lookupResources())
                .containsExactly(AuditResource.kmsKey(ARN));
        assertThat(event(Map.of("keyId", KEY_ID)).build().lookupResources()).isEmpty();
        assertThat(event(null, ARN).build().lookupResources()).containsExactly(AuditResource.kmsKey(ARN));
    }
}
