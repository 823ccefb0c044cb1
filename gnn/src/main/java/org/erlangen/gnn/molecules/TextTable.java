package org.erlangen.gnn.molecules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.erlangen.io.DatasetFormatException;

/**
 * A delimited text file as a header and rows: blank lines and lines starting with {@code #} are skipped, the
 * delimiter (tab, semicolon or comma) is detected unless given, and the first remaining line is a header unless one
 * of its fields is a number; without a header, columns are named by position ({@code column 1}, ...).
 *
 * @param source the file, for messages
 * @param delimiter what separates fields
 * @param headerLine the 1-based line of the header, or 0 when the file has none
 * @param columns the header's names, or {@code column 1}, {@code column 2}, ... without a header
 * @param rows the data lines, in file order
 */
record TextTable(String source, Delimiter delimiter, int headerLine, List<String> columns, List<Row> rows) {
    /** Lines used to detect the delimiter. */
    private static final int SAMPLE = 50;

    /** A data line, split when it is read (a bad line is one bad record, not a bad file). */
    record Row(int line, String text) {
        List<String> fields(Delimiter delimiter) {
            return delimiter.split(text);
        }
    }

    TextTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /**
     * Reads {@code file}.
     *
     * @param delimiter null to detect it
     * @param header true when the first line is a header whatever it holds, null to detect it
     */
    static TextTable read(Path file, Delimiter delimiter, Boolean header) throws IOException {
        String source = file.toString();
        List<String> all = Utf8Lines.read(file);
        List<Row> lines = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String text = i == 0 && all.get(0).startsWith("\uFEFF") ? all.get(0).substring(1) : all.get(i);
            if (!text.isBlank() && !text.startsWith("#")) {
                lines.add(new Row(i + 1, text));
            }
        }
        if (lines.isEmpty()) {
            throw new DatasetFormatException(source, "has no lines but blank ones and '#' comments; expected "
                    + (Boolean.TRUE.equals(header) ? "a header row" : "rows of molecules"));
        }
        Row first = lines.get(0);
        Delimiter d = delimiter != null ? delimiter
                : Delimiter.detect(lines.subList(0, Math.min(SAMPLE, lines.size())).stream().map(Row::text).toList());
        if (d == null) {
            throw new DatasetFormatException(source, first.line(), "one column only: expected a SMILES column and a "
                    + "target column separated by tabs, semicolons or commas, found '" + XyzReader.shorten(first.text())
                    + "'");
        }
        List<String> firstFields;
        try {
            firstFields = d.split(first.text());
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(source, first.line(), e.getMessage());
        }
        boolean hasHeader = header != null ? header : firstFields.stream().noneMatch(f -> d.number(f) != null);
        List<String> columns = new ArrayList<>();
        for (int c = 0; c < firstFields.size(); c++) {
            columns.add(hasHeader ? firstFields.get(c).trim() : "column " + (c + 1));
        }
        return new TextTable(source, d, hasHeader ? first.line() : 0, columns,
                lines.subList(hasHeader ? 1 : 0, lines.size()));
    }

    boolean hasHeader() {
        return headerLine > 0;
    }

    /** Column {@code c} (0-based) for messages: {@code column 3 'logS'}, or {@code column 3} without a header. */
    String label(int c) {
        return "column " + (c + 1) + (hasHeader() ? " '" + columns.get(c) + "'" : "");
    }
}
