package dev.meridian.core;

import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * AWS's key-state table, read from the test resource {@code key-states.md} (a copy of the KMS Developer Guide's
 * "Key states of AWS KMS keys"), and what it says an operation answers for a key of a given origin and state.
 * The unit test of the rules and the integration test of the server both take their expectations from here.
 *
 * <p>How the footnotes read: 1 to 5, 11, 14 and 15 give the error of a refused cell; 6, 7 and 9 refuse a key of
 * the wrong origin ({@code UnsupportedOperationException}) in every column of their row, before its state is
 * looked at; 8 and 10 give a state error for a key with imported material and for the alias's new target key;
 * 12 and 13 change no answer. Where AWS's newer documentation overrides the 2023 table (see
 * {@link #superseded}) and for the operations newer than the table (see {@link #newer}), the expectation is
 * stated here with its source.
 */
public final class KeyStateTable {
    private static final String RESOURCE = "/key-states.md";
    /** The table's columns, in order; the third holds two states. */
    private static final List<Set<KeyState>> COLUMNS = List.of(EnumSet.of(KeyState.Enabled),
            EnumSet.of(KeyState.Disabled), EnumSet.of(KeyState.PendingDeletion, KeyState.PendingReplicaDeletion),
            EnumSet.of(KeyState.PendingImport), EnumSet.of(KeyState.Unavailable), EnumSet.of(KeyState.Creating),
            EnumSet.of(KeyState.Updating));
    /** Operations that use an existing key and are newer than the table. */
    public static final Set<String> NEWER_THAN_THE_TABLE = Set.of("RotateKeyOnDemand", "ListKeyRotations",
            "GetKeyLastUsage");
    /**
     * Operations on asymmetric and HMAC keys, which the 2023 table marks N/A for {@code PendingImport}: such keys
     * could not have imported material then. They can now ("Importing key material" covers asymmetric and HMAC
     * keys), and a key waiting for its material is refused as every cryptographic operation refuses it (footnote 5).
     */
    private static final Set<String> IMPORTABLE_SINCE_THE_TABLE = Set.of("Sign", "Verify", "GetPublicKey",
            "GenerateMac", "VerifyMac");
    private static final Pattern FOOTNOTE = Pattern.compile("\\\\\\[(\\d+)\\\\\\]");
    private static final Pattern FOOTNOTE_TEXT = Pattern.compile("^\\+ \\\\\\[(\\d+)\\\\\\] (.*)$");
    private static final Pattern ERROR = Pattern.compile("`(\\w+Exception) ?: ([^`]*)`");

    private final Map<String, List<Cell>> rows;
    private final Map<Integer, Answer> footnotes;

    private enum Icon { SUCCEEDS, CONDITIONAL, FAILS, NOT_APPLICABLE }

    private record Cell(Icon icon, Set<Integer> footnotes) {
    }

    /**
     * What an operation answers: allowed ({@code exception} null), or AWS's error shape ({@code __type}) and
     * message. A footnote's answer holds {@code <key ARN>} where the key's ARN goes.
     */
    public record Answer(String exception, String message) {
        public static final Answer ALLOWED = new Answer(null, null);

        public boolean allowed() {
            return exception == null;
        }
    }

    private KeyStateTable(Map<String, List<Cell>> rows, Map<Integer, Answer> footnotes) {
        this.rows = rows;
        this.footnotes = footnotes;
    }

    public static KeyStateTable load() {
        String text;
        try (InputStream in = KeyStateTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("No test resource " + RESOURCE);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<Cell>> rows = new LinkedHashMap<>();
        Map<Integer, Answer> footnotes = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher note = FOOTNOTE_TEXT.matcher(line.strip());
            if (note.matches()) {
                Matcher error = ERROR.matcher(note.group(2));
                footnotes.put(Integer.parseInt(note.group(1)), error.find()
                        ? new Answer(error.group(1), error.group(2).strip()) : new Answer(null, note.group(2)));
            } else if (line.startsWith("| ") && !line.startsWith("| API") && !line.startsWith("| ---")) {
                String[] cells = line.split("\\|");
                List<Cell> row = new ArrayList<>();
                for (int column = 2; column < 2 + COLUMNS.size(); column++) {
                    row.add(cell(cells[column]));
                }
                rows.put(cells[1].strip(), List.copyOf(row));
            }
        }
        return new KeyStateTable(Collections.unmodifiableMap(rows), Collections.unmodifiableMap(footnotes));
    }

    private static Cell cell(String text) {
        Icon icon = text.contains("icon-successful") ? Icon.SUCCEEDS
                : text.contains("icon-question-mark") ? Icon.CONDITIONAL
                : text.contains("icon-disabled-pending-deletion") ? Icon.FAILS
                : text.contains("N/A") ? Icon.NOT_APPLICABLE : null;
        if (icon == null) {
            throw new IllegalStateException("A cell without a known icon: " + text);
        }
        Set<Integer> notes = new TreeSet<>();
        Matcher footnote = FOOTNOTE.matcher(text);
        while (footnote.find()) {
            notes.add(Integer.parseInt(footnote.group(1)));
        }
        return new Cell(icon, notes);
    }

    /** The table's operations (its rows), in its order. */
    public Set<String> operations() {
        return rows.keySet();
    }

    /** The footnotes' numbers. */
    public Set<Integer> footnotes() {
        return footnotes.keySet();
    }

    /** The origins a key in this state can have: a custom key store's for {@code Unavailable}. */
    public static Set<KeyOrigin> originsIn(KeyState state) {
        return switch (state) {
            case PendingImport -> EnumSet.of(KeyOrigin.EXTERNAL);
            case Unavailable -> EnumSet.of(KeyOrigin.AWS_CLOUDHSM, KeyOrigin.EXTERNAL_KEY_STORE);
            default -> EnumSet.of(KeyOrigin.AWS_KMS, KeyOrigin.EXTERNAL);
        };
    }

    /**
     * What {@code operation} (a row of the table, or one of {@link #NEWER_THAN_THE_TABLE}) answers for the key
     * {@code keyArn} of this origin in this state; empty where the table says N/A.
     */
    public Optional<Answer> answer(String operation, KeyState state, KeyOrigin origin, String keyArn) {
        if (NEWER_THAN_THE_TABLE.contains(operation)) {
            return Optional.of(newer(operation, state, origin, keyArn));
        }
        List<Cell> row = rows.get(operation);
        if (row == null) {
            throw new IllegalArgumentException("Not in the table: " + operation);
        }
        Cell cell = null;
        for (int column = 0; column < COLUMNS.size(); column++) {
            if (COLUMNS.get(column).contains(state)) {
                cell = row.get(column);
            }
        }
        if (cell.icon() == Icon.NOT_APPLICABLE) {
            return state == KeyState.PendingImport && IMPORTABLE_SINCE_THE_TABLE.contains(operation)
                    ? Optional.of(footnote(5, keyArn)) : Optional.empty();
        }
        Set<Integer> rowFootnotes = row.stream().flatMap(each -> each.footnotes().stream()).collect(Collectors.toSet());
        Answer fromTable = fromCell(cell, rowFootnotes, origin, keyArn);
        return Optional.of(superseded(operation, state, origin, keyArn, fromTable));
    }

    private Answer fromCell(Cell cell, Set<Integer> rowFootnotes, KeyOrigin origin, String keyArn) {
        if (rowFootnotes.contains(7) && origin != KeyOrigin.AWS_KMS
                || rowFootnotes.contains(9) && origin != KeyOrigin.EXTERNAL || cell.footnotes().contains(6)) {
            return unsupportedOrigin(origin, keyArn);
        }
        if (cell.footnotes().contains(8) && origin == KeyOrigin.EXTERNAL) {
            return footnote(3, keyArn);
        }
        if (cell.footnotes().contains(10)) {
            return footnote(10, keyArn);
        }
        if (cell.icon() == Icon.SUCCEEDS || cell.icon() == Icon.CONDITIONAL) {
            return Answer.ALLOWED;
        }
        for (int footnote : List.of(1, 3, 4, 5, 11, 14, 15)) {
            if (cell.footnotes().contains(footnote)) {
                return footnote(footnote, keyArn);
            }
        }
        throw new IllegalStateException("A refused cell without an error footnote: " + cell);
    }

    /**
     * Where AWS's newer documentation overrides the 2023 table:
     * <ul>
     * <li>GetKeyRotationStatus takes keys with imported material (footnotes 6 and 7 no longer apply to them):
     * such keys rotate on demand since 2025, and the RotateKeyOnDemand reference says "You can use
     * GetKeyRotationStatus to identify any in progress on-demand rotations".</li>
     * <li>UpdatePrimaryRegion refuses an {@code Updating} key: "Both the primary key and the replica key must be
     * in the Enabled key state when the operation starts" (Developer Guide, "Change the primary key in a set of
     * multi-Region keys"), which adds that during the update "DescribeKey might display both the old and new
     * primary keys as replicas".</li>
     * </ul>
     */
    private Answer superseded(String operation, KeyState state, KeyOrigin origin, String keyArn, Answer fromTable) {
        if (operation.equals("GetKeyRotationStatus") && origin == KeyOrigin.EXTERNAL) {
            return Answer.ALLOWED;
        }
        if (operation.equals("UpdatePrimaryRegion") && state == KeyState.Updating) {
            return footnote(15, keyArn);
        }
        return fromTable;
    }

    /**
     * The operations newer than the table. RotateKeyOnDemand takes what the rotation settings take (Enabled and
     * Updating keys), and keys with imported material too; ListKeyRotations waits for a new replica
     * ({@code Creating}) as GetKeyRotationStatus did in Meridian before; GetKeyLastUsage takes every key (its
     * model declares no state error).
     */
    private Answer newer(String operation, KeyState state, KeyOrigin origin, String keyArn) {
        return switch (operation) {
            case "RotateKeyOnDemand" -> origin != KeyOrigin.AWS_KMS && origin != KeyOrigin.EXTERNAL
                    ? unsupportedOrigin(origin, keyArn)
                    : state == KeyState.Enabled || state == KeyState.Updating ? Answer.ALLOWED : stateError(state, keyArn);
            case "ListKeyRotations" -> state == KeyState.Creating ? footnote(14, keyArn) : Answer.ALLOWED;
            default -> Answer.ALLOWED;
        };
    }

    /** The error the table gives a state (footnotes 1, 3, 5, 11, 14, 15). */
    private Answer stateError(KeyState state, String keyArn) {
        return footnote(switch (state) {
            case Disabled -> 1;
            case PendingDeletion, PendingReplicaDeletion -> 3;
            case PendingImport -> 5;
            case Unavailable -> 11;
            case Creating -> 14;
            case Updating -> 15;
            case Enabled -> throw new IllegalArgumentException("Enabled is no error");
        }, keyArn);
    }

    private Answer footnote(int number, String keyArn) {
        Answer answer = footnotes.get(number == 10 ? 3 : number);
        // The guide writes one text for both deletion states; AWS sends "<key ARN> is pending deletion."
        // (recorded in hashicorp/terraform-provider-aws#17889), and Meridian sends it for both.
        return new Answer(answer.exception(), answer.message().replace(" (or pending replica deletion)", "")
                .replace("<key ARN>", keyArn));
    }

    private Answer unsupportedOrigin(KeyOrigin origin, String keyArn) {
        Answer answer = footnotes.get(6);
        return new Answer(answer.exception(), answer.message().replace("<key ARN>", keyArn)
                .replace("EXTERNAL", origin.name()));
    }
}
