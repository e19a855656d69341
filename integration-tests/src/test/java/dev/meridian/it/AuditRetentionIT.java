package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** Audit records older than the retention period are deleted; newer ones stay. */
class AuditRetentionIT {
    private static final String REGION = "eu-north-1";
    private static final MovableClock CLOCK = new MovableClock();

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder()
            .clock(CLOCK).auditRetention(Duration.ofDays(30)));

    @Test
    void recordsOlderThanTheRetentionAreDeleted() {
        KmsClient client = kms.client(REGION);
        String old = client.createKey(request -> { }).keyMetadata().arn();
        try (CloudTrailClient trail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION)) {
            assertThat(AuditSupport.names(AuditSupport.historyOf(trail, old))).containsExactly("CreateKey");

            CLOCK.advance(Duration.ofDays(31));
            String recent = client.createKey(request -> { }).keyMetadata().arn();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(AuditSupport.historyOf(trail, old)).isEmpty());
            assertThat(AuditSupport.names(AuditSupport.historyOf(trail, recent))).containsExactly("CreateKey");
        }
    }
}
