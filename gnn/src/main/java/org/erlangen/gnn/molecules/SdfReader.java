package org.erlangen.gnn.molecules;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.IChemObjectReader;
import org.openscience.cdk.io.MDLV2000Reader;

/**
 * Reads SD files (V2000 molfiles separated by {@code $$$$}, each followed by {@code > <FIELD>} data items) through
 * CDK's MDL reader in strict mode. Records are split here, so one bad record does not stop the others and each
 * problem names its record and line. A record is bad when it has no {@code M  END} (a truncated record), fewer atom
 * and bond lines than its counts line declares, anything CDK's reader refuses, a missing target field, or a target
 * that is not a finite number.
 */
public final class SdfReader {
    /** Which data fields hold what. */
    public record Fields(String name, Map<String, String> targetFields) {
        /**
         * @param name data field with the molecule's name, or null for the record's title line (also used when a
         *     record lacks the field)
         * @param targetFields target key to data field name
         */
        public Fields {
            targetFields = Map.copyOf(targetFields);
        }
    }

    /** Huuskonen's log10 solubility in mol/L. */
    public static final String LOG_SOLUBILITY = "logS";

    /** RDKit's {@code solubility.train.sdf} and {@code solubility.test.sdf}. */
    public static final Fields HUUSKONEN = new Fields("NAME", Map.of(LOG_SOLUBILITY, "SOL"));

    private static final String END_OF_RECORD = "$$$$";

    private SdfReader() {
    }

    /** Huuskonen solubility with target {@link #LOG_SOLUBILITY}. */
    public static ReadResult huuskonen(Path sdf, OnError onError) throws IOException {
        return read(sdf, HUUSKONEN, onError);
    }

    public static ReadResult read(Path sdf, Fields fields, OnError onError) throws IOException {
        ReadCollector out = new ReadCollector(sdf.toString(), onError);
        List<Record> records = records(sdf);
        for (int r = 0; r < records.size(); r++) {
            Record record = records.get(r);
            try {
                out.add(molecule(record.body(), fields, r), r);
            } catch (BadRecord e) {
                out.problem(r, record.firstLine() + e.offset, e.getMessage());
            }
        }
        return out.result(records.size());
    }

    /** The records' data items, one profile per item name in order of first appearance, and the record count. */
    record Survey(List<ColumnProfile> properties, int records) {
    }

    /**
     * What each data item of {@code sdf} holds across its records, read without parsing the molfiles; a record
     * whose data items cannot be read is left out here (reading reports it).
     */
    static Survey survey(Path sdf) throws IOException {
        Map<String, ColumnProfile> properties = new LinkedHashMap<>();
        List<Record> records = records(sdf);
        for (Record record : records) {
            int mEnd = mEnd(record.body());
            if (mEnd < 0) {
                continue;
            }
            try {
                for (var item : dataItems(record.body(), mEnd).entrySet()) {
                    properties.computeIfAbsent(item.getKey(), name -> new ColumnProfile(name, Delimiter.COMMA, null))
                            .add(item.getValue().value(), record.firstLine() + item.getValue().offset() + 1);
                }
            } catch (BadRecord unreadable) {
                // reported with its line when the file is read
            }
        }
        return new Survey(List.copyOf(properties.values()), records.size());
    }

    /** The lines of one record, without its {@code $$$$}, and the 1-based line of its first. */
    private record Record(int firstLine, List<String> body) {
    }

    /** The records of an SD file: every {@code $$$$}-terminated block, and a last unterminated one unless blank. */
    private static List<Record> records(Path sdf) throws IOException {
        List<String> lines = Utf8Lines.read(sdf);
        List<Record> records = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= lines.size(); i++) {
            boolean end = i == lines.size() || lines.get(i).trim().equals(END_OF_RECORD);
            if (!end) {
                continue;
            }
            List<String> body = lines.subList(start, i);
            if (i < lines.size() || body.stream().anyMatch(l -> !l.isBlank())) {
                records.add(new Record(start + 1, body));
            }
            start = i + 1;
        }
        return records;
    }

    /** A problem {@code offset} lines into a record. */
    private static final class BadRecord extends Exception {
        final int offset;

        BadRecord(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    private static int mEnd(List<String> body) {
        for (int k = 0; k < body.size(); k++) {
            if (body.get(k).startsWith("M  END")) {
                return k;
            }
        }
        return -1;
    }

    /** A data item's value (its lines joined, trimmed) and the offset of its header line in the record. */
    private record DataItem(String value, int offset) {
    }

    /** The {@code > <FIELD>} data items after the molfile (which ends at line {@code mEnd} of the record). */
    private static Map<String, DataItem> dataItems(List<String> body, int mEnd) throws BadRecord {
        Map<String, DataItem> data = new LinkedHashMap<>();
        for (int k = mEnd + 1; k < body.size(); k++) {
            String line = body.get(k);
            if (!line.startsWith(">")) {
                continue;
            }
            int open = line.indexOf('<');
            int close = line.indexOf('>', open + 1);
            if (open < 0 || close < 0) {
                throw new BadRecord(k, "data header without a <FIELD> name: '" + XyzReader.shorten(line) + "'");
            }
            StringBuilder value = new StringBuilder();
            int v = k + 1;
            while (v < body.size() && !body.get(v).isBlank()) {
                value.append(value.length() == 0 ? "" : "\n").append(body.get(v));
                v++;
            }
            data.put(line.substring(open + 1, close), new DataItem(value.toString().trim(), k));
            k = v;
        }
        return data;
    }

    /** Record {@code index} as a molecule; named by the name field, else its title line, else "record index". */
    private static Molecule molecule(List<String> body, Fields fields, int index) throws BadRecord {
        int mEnd = mEnd(body);
        if (mEnd < 0) {
            throw new BadRecord(0, "truncated record: no 'M  END' line before " + (body.isEmpty() ? "'$$$$'"
                    : "the record ends (" + body.size() + " lines)"));
        }
        checkCounts(body, mEnd);
        IAtomContainer container;
        try (MDLV2000Reader reader = new MDLV2000Reader(new StringReader(String.join("\n", body.subList(0, mEnd + 1))
                + "\n"), IChemObjectReader.Mode.STRICT)) {
            container = reader.read(CdkMolecules.builder().newAtomContainer());
        } catch (CDKException | IOException | RuntimeException e) {
            throw new BadRecord(0, "molfile refused by CDK: " + SmilesCsvReader.firstLine(e.getMessage()));
        }
        Map<String, DataItem> data = dataItems(body, mEnd);
        Map<String, Double> targets = new LinkedHashMap<>();
        for (var e : fields.targetFields().entrySet()) {
            DataItem item = data.get(e.getValue());
            if (item == null) {
                throw new BadRecord(mEnd, "no data field <" + e.getValue() + "> for target " + e.getKey());
            }
            String text = item.value();
            try {
                double t = Double.parseDouble(text);
                if (!Double.isFinite(t)) {
                    throw new NumberFormatException();
                }
                targets.put(e.getKey(), t);
            } catch (NumberFormatException ex) {
                throw new BadRecord(item.offset() + 1, "data field <" + e.getValue() + "> '"
                        + XyzReader.shorten(text) + "' is not a finite number");
            }
        }
        DataItem named = fields.name() == null ? null : data.get(fields.name());
        String name = named != null ? named.value() : body.get(0).trim();
        if (name.isEmpty()) {
            name = "record " + index;
        }
        try {
            return CdkMolecules.fromContainer(container, name, targets);
        } catch (CDKException | IllegalArgumentException e) {
            throw new BadRecord(0, SmilesCsvReader.firstLine(e.getMessage()));
        }
    }

    /** The counts line (line 4) must announce a V2000 table whose atom and bond lines all come before M  END. */
    private static void checkCounts(List<String> body, int mEnd) throws BadRecord {
        if (mEnd < 4) {
            throw new BadRecord(mEnd, "'M  END' on line " + (mEnd + 1) + " of the record, before the header (3 lines)"
                    + " and counts line are complete");
        }
        String counts = body.get(3);
        if (counts.contains("V3000")) {
            throw new BadRecord(3, "V3000 molfiles are not supported");
        }
        int atoms;
        int bonds;
        try {
            atoms = Integer.parseInt(counts.substring(0, Math.min(3, counts.length())).trim());
            bonds = Integer.parseInt(counts.substring(3, Math.min(6, counts.length())).trim());
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new BadRecord(3, "expected a counts line 'aaabbb...V2000', found '" + XyzReader.shorten(counts)
                    + "'");
        }
        int tableLines = mEnd - 4;
        if (tableLines < atoms + bonds) {
            throw new BadRecord(mEnd, "counts line declares " + atoms + " atoms and " + bonds + " bonds, but only "
                    + tableLines + " lines come before 'M  END'");
        }
    }
}
