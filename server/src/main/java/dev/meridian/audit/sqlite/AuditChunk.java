package dev.meridian.audit.sqlite;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.CloudTrailRecordFormat;
import dev.meridian.audit.codec.AuditEventCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The records of one account and Region from one batch, stored as one row, in the order they were queued.
 *
 * <p>The writer stores events in {@link AuditEventCodec}'s compact binary form, after a first byte naming its
 * format: {@code 0x04} (with the identity's session context); chunks of {@code 0x03} (without it) and {@code 0x02}
 * (written before records had {@code additionalEventData}) are still read. The CloudTrail JSON is made when a
 * lookup returns a record. Records moved from schema
 * version 1 have only their JSON: those chunks are DEFLATE (level 1) over records written as
 * {@code eventTime (8, epoch ms) | eventId | eventName | readOnly (1) | accessKeyId | userName | resources
 * | record length (4) | record (UTF-8 JSON)}, strings as {@link DataOutputStream#writeUTF} ("" for none),
 * resources as lines {@code "\ntype|ARN"} ending in a line break.
 *
 * <p>Why: SQLite through JDBC costs about 10 µs per row on the development machine, most of it the I/O of
 * about 1 KB per record, on the audit writer's thread, which shares the cores with the request path. One
 * row per batch, with each string of the batch written once, costs far less.
 */
final class AuditChunk {
    /** One record as read back. */
    record Entry(long eventTimeMillis, String eventId, String eventName, boolean readOnly, String accessKeyId,
            String userName, String resources, byte[] storedJson, AuditEvent event) {

        static Entry of(AuditEvent event) {
            return new Entry(event.eventTime().toEpochMilli(), event.eventId(), event.eventName(), event.readOnly(),
                    event.userIdentity().accessKeyId(), event.userIdentity().userName(),
                    AuditChunk.resources(event.lookupResources()),
                    null, event);
        }

        /** The CloudTrail record: as stored (JSON chunks), or made now from the event (binary chunks). */
        byte[] json() {
            return storedJson != null ? storedJson : CloudTrailRecordFormat.toJsonBytes(event);
        }
    }

    /** A chunk of events in the compact binary form: what the writer stores (JSON chunks start with zlib's 0x78). */
    static byte[] encodeEvents(List<AuditEvent> events) {
        return encodeEvents(events, AuditEventCodec.CURRENT);
    }

    /** The same in a given binary chunk format: the current one, or 0x02, 0x03 to test that older chunks still read. */
    static byte[] encodeEvents(List<AuditEvent> events, byte format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(events.size() * 96);
        bytes.write(format);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            AuditEventCodec.Encoder encoder = new AuditEventCodec.Encoder(out, format);
            for (AuditEvent event : events) {
                encoder.event(event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private AuditChunk() {
    }

    /** A chunk of records kept as JSON (those moved from schema version 1), DEFLATE-compressed. */
    static byte[] encodeJson(List<Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 128);
        Deflater deflater = new Deflater(1);
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 1 << 16))) {
            for (Entry entry : entries) {
                out.writeLong(entry.eventTimeMillis());
                out.writeUTF(entry.eventId());
                out.writeUTF(entry.eventName());
                out.writeBoolean(entry.readOnly());
                out.writeUTF(orEmpty(entry.accessKeyId()));
                out.writeUTF(orEmpty(entry.userName()));
                out.writeUTF(entry.resources());
                byte[] json = entry.json();
                out.writeInt(json.length);
                out.write(json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    static List<Entry> decode(byte[] chunk) {
        if (chunk.length > 0 && AuditEventCodec.isKnown(chunk[0])) {
            return decodeEvents(chunk);
        }
        List<Entry> entries = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(chunk)))) {
            while (true) {
                long time;
                try {
                    time = in.readLong();
                } catch (java.io.EOFException end) {
                    return entries;
                }
                String eventId = in.readUTF();
                String eventName = in.readUTF();
                boolean readOnly = in.readBoolean();
                String accessKeyId = in.readUTF();
                String userName = in.readUTF();
                String resources = in.readUTF();
                byte[] record = new byte[in.readInt()];
                in.readFully(record);
                entries.add(new Entry(time, eventId, eventName, readOnly, emptyToNull(accessKeyId), emptyToNull(userName),
                        resources, record, null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("A stored audit chunk is damaged", e);
        }
    }

    private static List<Entry> decodeEvents(byte[] chunk) {
        List<Entry> entries = new ArrayList<>();
        ByteArrayInputStream bytes = new ByteArrayInputStream(chunk, 1, chunk.length - 1);
        AuditEventCodec.Decoder decoder = new AuditEventCodec.Decoder(new DataInputStream(bytes), chunk[0]);
        try {
            while (bytes.available() > 0) {
                entries.add(Entry.of(decoder.event()));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("A stored audit chunk is damaged", e);
        }
    }

    static String resources(List<AuditResource> resources) {
        StringBuilder column = new StringBuilder("\n");
        for (AuditResource resource : resources) {
            column.append(resource.type()).append('|').append(resource.arn()).append('\n');
        }
        return column.toString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
