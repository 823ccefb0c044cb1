package org.erlangen.gnn.molecules;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.erlangen.io.DatasetFormatException;

/**
 * Picks the SMILES column and the target column of a molecule file: those named, else the only ones that fit (the
 * one column whose values parse as SMILES, the one numeric column besides it that is not an id). Anything else is
 * one error that lists every column with what its values look like.
 */
final class ColumnChooser {
    /** Columns listed in an error before the rest are counted. */
    private static final int LISTED = 30;

    private final String source;
    private final List<ColumnProfile> columns;
    private final boolean sd;
    private final boolean headerless;
    private final int count;

    /**
     * @param sd whether the columns are an SD file's properties (named only by name) rather than delimited text's
     *     columns (named by header or 1-based number)
     * @param headerless whether delimited text's columns have no names but their numbers
     * @param count rows or records in the file
     */
    ColumnChooser(String source, List<ColumnProfile> columns, boolean sd, boolean headerless, int count) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.sd = sd;
        this.headerless = headerless;
        this.count = count;
    }

    /** The SMILES column: the one named by {@code spec}, or the only one whose values parse as SMILES. */
    int smiles(String spec) throws DatasetFormatException {
        if (spec != null) {
            int c = named(spec, "SMILES column");
            if (columns.get(c).numeric()) {
                throw problem(label(c) + " holds numbers, not SMILES");
            }
            return c;
        }
        List<Integer> found = matching(c -> columns.get(c).smiles());
        if (found.size() == 1) {
            return found.get(0);
        }
        throw problem(found.isEmpty() ? "no column holds SMILES (more than half of its first "
                + ColumnProfile.SMILES_SAMPLE + " values parsing through CDK)"
                : found.size() + " columns hold SMILES (" + labels(found) + ")",
                "choose one with --smiles-column NAME|NUMBER");
    }

    /** The target: the column named by {@code spec}, or the only numeric one other than {@code smilesAt} and ids. */
    int target(String spec, int smilesAt) throws DatasetFormatException {
        if (spec != null) {
            int c = named(spec, "target");
            if (c == smilesAt) {
                throw problem(label(c) + " is the SMILES column; the target is another, numeric, " + noun());
            }
            if (!columns.get(c).anyNumber()) {
                throw problem(label(c) + " holds no numbers, so it cannot be the target");
            }
            return c;
        }
        List<Integer> found = matching(c -> c != smilesAt && columns.get(c).target());
        if (found.size() == 1) {
            return found.get(0);
        }
        String besides = smilesAt < 0 ? "" : " besides the SMILES (" + label(smilesAt) + ")";
        if (found.isEmpty()) {
            boolean ids = IntStream.range(0, columns.size()).anyMatch(c -> c != smilesAt && columns.get(c).id());
            throw problem("no numeric " + noun() + " to learn" + besides + ": a target holds a number in every "
                    + (sd ? "record that has it" : "row") + (ids ? "; whole numbers that all differ are taken for "
                    + "ids, so name such a " + noun() + " to learn it" : ""), "name the target with --target "
                    + (sd ? "PROPERTY" : "NAME|NUMBER"));
        }
        throw problem(found.size() + " numeric " + (sd ? "properties" : "columns") + " (" + labels(found) + ")"
                + besides, "choose the target with --target " + (sd ? "PROPERTY" : "NAME|NUMBER"));
    }

    /** A column by its name (exact, else case-insensitive if that is unique) or, in delimited text, its number. */
    private int named(String spec, String role) throws DatasetFormatException {
        String name = spec.trim();
        List<Integer> exact = matching(c -> columns.get(c).name().equals(name));
        if (exact.size() == 1) {
            return exact.get(0);
        }
        List<Integer> loose = matching(c -> columns.get(c).name().equalsIgnoreCase(name));
        if (loose.size() == 1) {
            return loose.get(0);
        }
        if (!sd && name.matches("\\d{1,9}")) {
            int k = Integer.parseInt(name);
            if (k >= 1 && k <= columns.size()) {
                return k - 1;
            }
            throw problem("no column " + k + " for the " + role + ": columns are numbered 1 to " + columns.size());
        }
        throw problem("no " + noun() + " '" + name + "' for the " + role, sd ? "name a property as it is written "
                + "between < and >" : headerless ? "the file has no header line (its first line holds a number), so "
                + "name columns by number, 1 to " + columns.size() : "name a column by its header or its number, 1 to "
                + columns.size());
    }

    private List<Integer> matching(IntPredicate test) {
        return IntStream.range(0, columns.size()).filter(test).boxed().toList();
    }

    /** {@code column 2 'smiles'}, {@code column 2} without a header, {@code property <SOL>}. */
    String label(int c) {
        if (sd) {
            return "property <" + columns.get(c).name() + ">";
        }
        return "column " + (c + 1) + (headerless ? "" : " '" + columns.get(c).name() + "'");
    }

    /** {@code columns 2, 3} or {@code <SOL>, <MW>}: the listing below the message says what they are. */
    private String labels(List<Integer> cs) {
        return sd ? cs.stream().map(c -> "<" + columns.get(c).name() + ">").collect(Collectors.joining(", "))
                : "columns " + cs.stream().map(c -> String.valueOf(c + 1)).collect(Collectors.joining(", "));
    }

    private String noun() {
        return sd ? "property" : "column";
    }

    private String unit() {
        return sd ? "records" : "rows";
    }

    private DatasetFormatException problem(String what) {
        return problem(what, null);
    }

    /** The problem, what to do, and every column with what it looks like, one a line. */
    private DatasetFormatException problem(String what, String advice) {
        List<String> lines = new ArrayList<>();
        lines.add(what + (advice == null ? "" : "; " + advice) + ". " + (sd ? "Properties" : "Columns") + " found ("
                + count + " " + unit() + "):");
        for (int c = 0; c < Math.min(LISTED, columns.size()); c++) {
            String name = sd ? columns.get(c).name() : (c + 1) + (headerless ? "" : " " + columns.get(c).name());
            lines.add("  " + name + ": " + columns.get(c).looks(count, unit()));
        }
        if (columns.size() > LISTED) {
            lines.add("  and " + (columns.size() - LISTED) + " more");
        }
        if (columns.isEmpty()) {
            lines.add("  none");
        }
        return new DatasetFormatException(source, String.join("\n", lines));
    }
}
