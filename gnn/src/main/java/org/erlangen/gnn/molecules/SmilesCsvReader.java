package org.erlangen.gnn.molecules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.io.DatasetFormatException;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * Reads molecules from a CSV file with a header row: one column of SMILES (surrounding spaces are trimmed), an
 * optional name column, and numeric target columns. A row is bad when it has the wrong number of fields, an empty or
 * invalid SMILES, or a target that is not a finite number.
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

    public static ReadResult read(Path csv, Columns columns, OnError onError) throws IOException {
        String source = csv.toString();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new DatasetFormatException(source, "is empty; expected a header row");
        }
        List<String> header = CsvLine.split(stripBom(lines.get(0)));
        int smilesAt = column(header, columns.smiles(), source);
        int nameAt = columns.name() == null ? -1 : column(header, columns.name(), source);
        Map<String, Integer> targetAt = new LinkedHashMap<>();
        for (var e : columns.targetColumns().entrySet()) {
            targetAt.put(e.getKey(), column(header, e.getValue(), source));
        }
        SmilesParser parser = CdkMolecules.smilesParser();
        ReadCollector out = new ReadCollector(source, onError);
        int record = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            int line = i + 1;
            String problem;
            try {
                problem = row(lines.get(i), header.size(), smilesAt, nameAt, targetAt, parser, out, record);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                out.problem(record, line, problem);
            }
            record++;
        }
        return out.result(record);
    }

    /** Reads one row into {@code out}; returns what is wrong with it, or null. */
    private static String row(String text, int width, int smilesAt, int nameAt, Map<String, Integer> targetAt,
            SmilesParser parser, ReadCollector out, int record) {
        List<String> fields = CsvLine.split(text);
        if (fields.size() != width) {
            return "expected " + width + " fields like the header, found " + fields.size();
        }
        String smiles = fields.get(smilesAt).trim();
        if (smiles.isEmpty()) {
            return "empty SMILES";
        }
        Map<String, Double> targets = new LinkedHashMap<>();
        for (var e : targetAt.entrySet()) {
            String value = fields.get(e.getValue()).trim();
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

    private static int column(List<String> header, String name, String source) throws DatasetFormatException {
        for (int c = 0; c < header.size(); c++) {
            if (header.get(c).trim().equals(name)) {
                return c;
            }
        }
        throw new DatasetFormatException(source, 1, "no column '" + name + "' in the header " + header);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
