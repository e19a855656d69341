package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The request log's line: its fields in order, the key a body names, and nothing a caller can slip in. */
class RequestLogTest {

    @Test
    void aLineIsItsFieldsInTheDocumentedOrderAsKeyValuePairs() {
        String requestId = UUID.randomUUID().toString();
        ILoggingEvent event = logged(new RequestLog.Line("us-west-2", "111122223333", "Encrypt", "200", 200, 1_234_567,
                requestId, "alias/orders"));
        assertThat(event.getLevel()).isEqualTo(Level.INFO);
        assertThat(event.getKeyValuePairs()).extracting(pair -> pair.key).containsExactly("region", "account", "operation",
                "outcome", "status", "latencyMs", "requestId", "keyId");
        PatternLayout layout = new PatternLayout();
        layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        layout.setPattern("%kvp{NONE}");
        layout.start();
        assertThat(layout.doLayout(event)).isEqualTo("region=us-west-2 account=111122223333 operation=Encrypt outcome=200"
                + " status=200 latencyMs=1.235 requestId=" + requestId + " keyId=alias/orders");
    }

    @Test
    void anErrorIsItsTypeAndStatus() {
        String requestId = UUID.randomUUID().toString();
        ILoggingEvent event = logged(new RequestLog.Line("-", "-", "-", "UnknownOperationException", 400, 0, requestId, "-"));
        assertThat(event.getKeyValuePairs()).extracting(pair -> String.valueOf(pair.value))
                .containsExactly("-", "-", "-", "UnknownOperationException", "400", "0.0", requestId, "-");
    }

    @Test
    void theLatencyIsInMillisecondsToTheMicrosecond() {
        assertThat(line(153_400).latencyMillis()).isEqualTo(0.153);
        assertThat(line(2_000_600).latencyMillis()).isEqualTo(2.001);
        assertThat(line(0).latencyMillis()).isEqualTo(0.0);
    }

    @Test
    void theKeyIsTheFirstMemberThatNamesOne() throws Exception {
        assertThat(RequestLog.keyId(json("{\"KeyId\":\"1234abcd-12ab-34cd-56ef-1234567890ab\",\"Plaintext\":\"aGVsbG8=\"}")))
                .isEqualTo("1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(RequestLog.keyId(json("{\"SourceKeyId\":\"arn:aws:kms:us-east-1:111122223333:key/mrk-1\","
                + "\"DestinationKeyId\":\"alias/b\"}"))).isEqualTo("arn:aws:kms:us-east-1:111122223333:key/mrk-1");
        assertThat(RequestLog.keyId(json("{\"AliasName\":\"alias/a\",\"TargetKeyId\":\"alias/b\"}"))).isEqualTo("alias/b");
        assertThat(RequestLog.keyId(json("{\"CiphertextBlob\":\"AQID\"}"))).isEqualTo("-");
        assertThat(RequestLog.keyId(null)).isEqualTo("-");
    }

    @Test
    void aKeyIdThatCannotBeOneIsNotWritten() throws Exception {
        assertThat(RequestLog.keyId(json("{\"KeyId\":\"alias/a\\nforged=line\"}"))).isEqualTo("-");
        assertThat(RequestLog.keyId(json("{\"KeyId\":\"alias/a b\"}"))).isEqualTo("-");
        assertThat(RequestLog.keyId(json("{\"KeyId\":\"\"}"))).isEqualTo("-");
        assertThat(RequestLog.keyId(json("{\"KeyId\":7}"))).isEqualTo("-");
        assertThat(RequestLog.keyId(json("{\"KeyId\":\"" + "k".repeat(2049) + "\"}"))).isEqualTo("-");
        assertThat(RequestLog.keyId(json("{\"KeyId\":\"" + "k".repeat(2048) + "\"}"))).hasSize(2048);
    }

    private static RequestLog.Line line(long latencyNanos) {
        return new RequestLog.Line("us-east-1", "111122223333", "Encrypt", "200", 200, latencyNanos, "id", "-");
    }

    private static JsonNode json(String text) throws Exception {
        return Json.parse(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * The event {@code line} makes, caught by a list appender while the logger is at INFO (the tests' configuration
     * turns it off); other tests' servers may log meanwhile, so the event is found by its request ID.
     */
    private static ILoggingEvent logged(RequestLog.Line line) {
        Logger logger = (Logger) LoggerFactory.getLogger(RequestLog.LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        synchronized (RequestLogTest.class) {
            logger.addAppender(appender);
            logger.setLevel(Level.INFO);
            try {
                RequestLog.log(line);
            } finally {
                logger.setLevel(level);
                logger.detachAppender(appender);
            }
        }
        List<ILoggingEvent> mine = appender.list.stream()
                .filter(event -> event.getKeyValuePairs().stream().anyMatch(pair -> line.requestId().equals(pair.value)))
                .toList();
        assertThat(mine).hasSize(1);
        return mine.get(0);
    }
}
