package org.erlangen.gnn.molecules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.io.DatasetFormatException;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * Reads molecules from delimited text: one column of SMILES (surrounding spaces are trimmed), an optional name
 * column, and numeric target columns. A row is bad when it has the wrong number of fields, an empty or invalid
 * SMILES, or a target that is not a finite number. Blank lines and lines starting with {@code #} are no rows.
 */
public final class SmilesCsvReader {
    /** Which columns hold what. */
    public record Columns(String smiles, String name, Map<String, String> targetColumns) {
        /**
         * @param smiles header of the SMILES column
         * @param name header of the name column, or null to name molecules by their SMILES
         * @param targetColumns target key to column header
         */
        public Columns {
            targetColumns = Map.copyOf(targetColumns);
        }
    }

    /** ESOL's log10 solubility in mol/L, measured (not Delaney's predicted column). */
    public static final String LOG_SOLUBILITY = "logS";

    /** MoleculeNet's {@code delaney-processed.csv}. */
    public static final Columns ESOL = new Columns("smiles", "Compound ID",
            Map.of(LOG_SOLUBILITY, "measured log solubility in mols per litre"));

    private SmilesCsvReader() {
    }

    /** ESOL (Delaney) with target {@link #LOG_SOLUBILITY}. */
    public static ReadResult esol(Path csv, OnError onError) throws IOException {
        return read(csv, ESOL, onError);
    }

    /** Reads a comma-separated file whose first line (blank lines and {@code #} comments aside) is its header. */
    public static ReadResult read(Path csv, Columns columns, OnError onError) throws IOException {
        TextTable table = TextTable.read(csv, Delimiter.COMMA, true);
        int smilesAt = column(table, columns.smiles());
        int nameAt = columns.name() == null ? -1 : column(table, columns.name());
        Map<String, Integer> targetAt = new LinkedHashMap<>();
        for (var e : columns.targetColumns().entrySet()) {
            targetAt.put(e.getKey(), column(table, e.getValue()));
        }
        return read(table, smilesAt, nameAt, targetAt, onError);
    }

    /**
     * Reads the rows of {@code table}: the SMILES at column {@code smilesAt}, the name at {@code nameAt} (-1 to
     * name molecules by their SMILES), and each target key's column; a row that fails is a problem at its line.
     */
    static ReadResult read(TextTable table, int smilesAt, int nameAt, Map<String, Integer> targetAt,
            OnError onError) throws DatasetFormatException {
        SmilesParser parser = CdkMolecules.smilesParser();
        ReadCollector out = new ReadCollector(table.source(), onError);
        String width = table.columns().size() + " fields like " + (table.hasHeader() ? "the header"
                : "line " + (table.rows().isEmpty() ? 1 : table.rows().get(0).line()));
        int record = 0;
        for (TextTable.Row row : table.rows()) {
            String problem;
            try {
                problem = row(row.fields(table.delimiter()), table, width, smilesAt, nameAt, targetAt, parser, out,
                        record);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                out.problem(record, row.line(), problem);
            }
            record++;
        }
        return out.result(record);
    }

    /** Reads one row into {@code out}; returns what is wrong with it, or null. */
    private static String row(List<String> fields, TextTable table, String width, int smilesAt, int nameAt,
            Map<String, Integer> targetAt, SmilesParser parser, ReadCollector out, int record) {
        if (fields.size() != table.columns().size()) {
            return "expected " + width + ", found " + fields.size();
        }
        String smiles = fields.get(smilesAt).trim();
        if (smiles.isEmpty()) {
            return "empty SMILES";
        }
        Map<String, Double> targets = new LinkedHashMap<>();
        for (var e : targetAt.entrySet()) {
            String value = table.delimiter().numberText(fields.get(e.getValue()));
            try {
                double v = Double.parseDouble(value);
                if (!Double.isFinite(v)) {
                    return "target " + e.getKey() + " '" + value + "' is not a finite number";
                }
                targets.put(e.getKey(), v);
            } catch (NumberFormatException ex) {
                return "target " + e.getKey() + " '" + XyzReader.shorten(value) + "' is not a number";
            }
        }
        String name = nameAt < 0 ? smiles : fields.get(nameAt).trim();
        try {
            out.add(CdkMolecules.fromContainer(parser.parseSmiles(smiles), name, targets), record);
            return null;
        } catch (CDKException e) {
            return "invalid SMILES '" + XyzReader.shorten(smiles) + "': " + firstLine(e.getMessage());
        }
    }

    private static int column(TextTable table, String name) throws DatasetFormatException {
        int c = table.columns().indexOf(name);
        if (c < 0) {
            throw new DatasetFormatException(table.source(), table.headerLine(), "no column '" + name
                    + "' in the header " + table.columns());
        }
        return c;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
