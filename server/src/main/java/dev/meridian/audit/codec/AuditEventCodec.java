package dev.meridian.audit.codec;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.UserIdentity;
import dev.meridian.audit.UserIdentity.SessionContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary form of audit events, shared by the audit stores: SQLite's keeps many in one compressed chunk
 * ({@code audit.sqlite.AuditChunk}, through {@link Encoder} and {@link Decoder}), PostgreSQL's one per row
 * ({@link #encode}, {@link #decode}). The events of one chunk. Every string is written once per chunk and
 * referred to by number afterwards (a chunk of one batch repeats the account, the Region, the identity, the
 * user agent, the event names and the key ARNs), so a record costs little more than its IDs and time; the
 * CloudTrail JSON is made only when a lookup returns the record.
 *
 * <p>Strings: a varint {@code 0} for null, {@code 1} followed by a varint length and the UTF-8 bytes for a
 * string the chunk has not had yet (it takes the next number), {@code n + 2} for string number {@code n}.
 * Parameter trees: a tag byte ({@link #NULL}, {@link #STRING}, ...) and the value.
 *
 * <p>Formats, named by the first byte of a chunk or of one event stored alone: {@link #WITHOUT_ADDITIONAL_DATA}
 * ({@code 0x02}), {@link #WITH_ADDITIONAL_DATA} ({@code 0x03}: {@code additionalEventData} after the service event
 * details) and {@link #WITH_SESSION_CONTEXT} ({@code 0x04}, what is written now: also the identity's
 * {@code sessionContext} after {@code invokedBy}: the issuer's ARN, or null for none, then its ID, account, name
 * and creation date, as strings, the date in decimal epoch seconds or null when not known). All three are read.
 *
 * <p>{@link #encode} and {@link #decode} give one event alone the same form, for a store that keeps a row per
 * record (PostgreSQL): a first byte (the chunk format it shares: {@code 0x04} written, {@code 0x03} still read)
 * and the event, its strings written once within it.
 */
public final class AuditEventCodec {
    /** Events without {@code additionalEventData} nor session context (chunks of the first binary format). */
    public static final byte WITHOUT_ADDITIONAL_DATA = 0x02;
    /** Events with {@code additionalEventData}, without the identity's session context. */
    public static final byte WITH_ADDITIONAL_DATA = 0x03;
    /** Events with {@code additionalEventData} and the identity's session context: what is written. */
    public static final byte WITH_SESSION_CONTEXT = 0x04;
    /** The format of what is written now. */
    public static final byte CURRENT = WITH_SESSION_CONTEXT;

    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int TRUE = 2;
    private static final int FALSE = 3;
    private static final int INTEGER = 4;
    private static final int LONG = 5;
    private static final int DECIMAL = 6;
    private static final int DOUBLE = 7;
    private static final int MAP = 8;
    private static final int LIST = 9;

    private AuditEventCodec() {
    }

    /** One event in the compact binary form, alone (its own string table). */
    public static byte[] encode(AuditEvent event) {
        return encode(event, CURRENT);
    }

    /** The same in a given format: the current one, or {@code 0x03} to test that older rows still read. */
    public static byte[] encode(AuditEvent event, byte format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(format);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            new Encoder(out, format).event(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The event {@link #encode} wrote (now or in format 0x03); {@link UncheckedIOException} when damaged. */
    public static AuditEvent decode(byte[] stored) {
        if (stored.length == 0 || (stored[0] != WITH_ADDITIONAL_DATA && stored[0] != WITH_SESSION_CONTEXT)) {
            throw new UncheckedIOException(new IOException("A stored audit event has an unknown format"));
        }
        try {
            return new Decoder(new DataInputStream(new ByteArrayInputStream(stored, 1, stored.length - 1)), stored[0])
                    .event();
        } catch (IOException e) {
            throw new UncheckedIOException("A stored audit event is damaged", e);
        }
    }

    /** What the events of a format carry beyond the first one's. */
    private record Fields(boolean additionalEventData, boolean sessionContext) {
        /** @throws IllegalArgumentException if {@code format} is none of those above */
        static Fields of(byte format) {
            if (!isKnown(format)) {
                throw new IllegalArgumentException("Not an audit event format: " + format);
            }
            return new Fields(format != WITHOUT_ADDITIONAL_DATA, format == WITH_SESSION_CONTEXT);
        }
    }

    /** Whether {@code format} is one of the binary formats above. */
    public static boolean isKnown(byte format) {
        return format == WITHOUT_ADDITIONAL_DATA || format == WITH_ADDITIONAL_DATA || format == WITH_SESSION_CONTEXT;
    }

    /** Writes the events of one chunk. Not thread-safe; one per chunk. */
    public static final class Encoder {
        private final DataOutputStream out;
        private final Fields fields;
        private final Map<String, Integer> strings = new HashMap<>();

        /** @param format one of the formats above: what the events carry */
        public Encoder(DataOutputStream out, byte format) {
            this.fields = Fields.of(format);
            this.out = out;
        }

        public void event(AuditEvent event) throws IOException {
            out.writeLong(event.eventTime().toEpochMilli());
            string(event.eventId());
            string(event.eventName());
            string(event.awsRegion());
            string(event.sourceIpAddress());
            string(event.userAgent());
            UserIdentity identity = event.userIdentity();
            string(identity.type());
            string(identity.principalId());
            string(identity.arn());
            string(identity.accountId());
            string(identity.accessKeyId());
            string(identity.invokedBy());
            if (fields.sessionContext()) {
                sessionContext(identity.sessionContext());
            }
            value(event.requestParameters());
            value(event.responseElements());
            value(event.serviceEventDetails());
            if (fields.additionalEventData()) {
                value(event.additionalEventData());
            }
            varint(event.resources().size());
            for (AuditResource resource : event.resources()) {
                string(resource.arn());
                string(resource.accountId());
                string(resource.type());
            }
            string(event.errorCode());
            string(event.errorMessage());
            string(event.requestId());
            out.writeBoolean(event.readOnly());
            out.writeByte(event.eventType().ordinal());
            string(event.recipientAccountId());
        }

        private void sessionContext(SessionContext session) throws IOException {
            if (session == null) {
                string(null);
                return;
            }
            string(session.issuerArn());
            string(session.issuerPrincipalId());
            string(session.issuerAccountId());
            string(session.issuerUserName());
            // a string, so that a session's records in one chunk refer to one entry of its string table
            string(session.creationDate() == null ? null : Long.toString(session.creationDate().getEpochSecond()));
        }

        private void string(String value) throws IOException {
            if (value == null) {
                varint(0);
                return;
            }
            Integer number = strings.get(value);
            if (number != null) {
                varint(number + 2);
                return;
            }
            strings.put(value, strings.size());
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            varint(1);
            varint(bytes.length);
            out.write(bytes);
        }

        private void value(Object value) throws IOException {
            if (value == null) {
                out.writeByte(NULL);
            } else if (value instanceof String text) {
                out.writeByte(STRING);
                string(text);
            } else if (value instanceof Boolean flag) {
                out.writeByte(flag ? TRUE : FALSE);
            } else if (value instanceof Integer number) {
                out.writeByte(INTEGER);
                out.writeInt(number);
            } else if (value instanceof Long number) {
                out.writeByte(LONG);
                out.writeLong(number);
            } else if (value instanceof BigDecimal number) {
                out.writeByte(DECIMAL);
                string(number.toString());
            } else if (value instanceof Number number) {
                out.writeByte(DOUBLE);
                out.writeDouble(number.doubleValue());
            } else if (value instanceof Map<?, ?> map) {
                out.writeByte(MAP);
                varint(map.size());
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    string((String) entry.getKey());
                    value(entry.getValue());
                }
            } else if (value instanceof List<?> list) {
                out.writeByte(LIST);
                varint(list.size());
                for (Object element : list) {
                    value(element);
                }
            } else {
                throw new IllegalArgumentException("Not an audit value: " + value.getClass().getSimpleName());
            }
        }

        private void varint(int value) throws IOException {
            int rest = value;
            while ((rest & ~0x7F) != 0) {
                out.writeByte((rest & 0x7F) | 0x80);
                rest >>>= 7;
            }
            out.writeByte(rest);
        }
    }

    /** Reads the events of one chunk, in order. Not thread-safe; one per chunk. */
    public static final class Decoder {
        private final DataInputStream in;
        private final Fields fields;
        private final List<String> strings = new ArrayList<>();

        /** @param format the format the events were written in, one of those above */
        public Decoder(DataInputStream in, byte format) {
            this.fields = Fields.of(format);
            this.in = in;
        }

        public AuditEvent event() throws IOException {
            AuditEvent.Builder event = AuditEvent.builder().eventTime(Instant.ofEpochMilli(in.readLong()));
            event.eventId(string()).eventName(string()).awsRegion(string()).sourceIpAddress(string()).userAgent(string());
            String type = string();
            String principalId = string();
            String arn = string();
            String accountId = string();
            String accessKeyId = string();
            String invokedBy = string();
            SessionContext session = fields.sessionContext() ? sessionContext() : null;
            event.userIdentity(new UserIdentity(type, principalId, arn, accountId, accessKeyId, invokedBy, session));
            event.requestParameters(map()).responseElements(map()).serviceEventDetails(map());
            if (fields.additionalEventData()) {
                event.additionalEventData(map());
            }
            int resources = varint();
            for (int index = 0; index < resources; index++) {
                event.resource(new AuditResource(string(), string(), string()));
            }
            event.error(string(), string());
            event.requestId(string()).readOnly(in.readBoolean());
            event.eventType(AuditEvent.EventType.values()[in.readByte()]);
            return event.recipientAccountId(string()).build();
        }

        private SessionContext sessionContext() throws IOException {
            String issuerArn = string();
            if (issuerArn == null) {
                return null;
            }
            String issuerPrincipalId = string();
            String issuerAccountId = string();
            String issuerUserName = string();
            String created = string();
            Instant creationDate;
            try {
                creationDate = created == null ? null : Instant.ofEpochSecond(Long.parseLong(created));
            } catch (NumberFormatException e) {
                throw new IOException("A session's creation date is damaged", e);
            }
            return new SessionContext(issuerPrincipalId, issuerArn, issuerAccountId, issuerUserName, creationDate);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> map() throws IOException {
            return (Map<String, Object>) value();
        }

        private Object value() throws IOException {
            int tag = in.readByte();
            return switch (tag) {
                case NULL -> null;
                case STRING -> string();
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case INTEGER -> in.readInt();
                case LONG -> in.readLong();
                case DECIMAL -> new BigDecimal(string());
                case DOUBLE -> in.readDouble();
                case MAP -> {
                    int size = varint();
                    Map<String, Object> map = new LinkedHashMap<>(Math.max(4, size * 2));
                    for (int index = 0; index < size; index++) {
                        map.put(string(), value());
                    }
                    yield map;
                }
                case LIST -> {
                    int size = varint();
                    List<Object> list = new ArrayList<>(size);
                    for (int index = 0; index < size; index++) {
                        list.add(value());
                    }
                    yield list;
                }
                default -> throw new IOException("Unknown audit value tag " + tag);
            };
        }

        private String string() throws IOException {
            int code = varint();
            if (code == 0) {
                return null;
            }
            if (code >= 2) {
                return strings.get(code - 2);
            }
            byte[] bytes = new byte[varint()];
            in.readFully(bytes);
            String value = new String(bytes, StandardCharsets.UTF_8);
            strings.add(value);
            return value;
        }

        private int varint() throws IOException {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int part = in.readUnsignedByte();
                value |= (part & 0x7F) << shift;
                if ((part & 0x80) == 0) {
                    return value;
                }
            }
            throw new IOException("A varint is too long");
        }
    }
}
