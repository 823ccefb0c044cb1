package org.erlangen.io;

import java.util.ArrayList;
import java.util.List;

/**
 * A delimited text table as read by {@link TableReader}: the header's column names and every data row's fields (as
 * text, unquoted and stripped), with the line each row came from, so that every problem names the file, the line and
 * the column.
 */
public final class Table {
    private final String source;
    private final char delimiter;
    private final List<String> columns;
    private final List<String[]> rows;
    private final int[] lines;

    Table(String source, char delimiter, List<String> columns, List<String[]> rows, int[] lines) {
        this.source = source;
        this.delimiter = delimiter;
        this.columns = List.copyOf(columns);
        this.rows = new ArrayList<>(rows);
        this.lines = lines.clone();
    }

    /** The file the table was read from. */
    public String source() {
        return source;
    }

    /** The delimiter between fields: a comma, a tab or a semicolon. */
    public char delimiter() {
        return delimiter;
    }

    /** The column names, in header order. */
    public List<String> columns() {
        return columns;
    }

    public int rowCount() {
        return rows.size();
    }

    /** The field of data row {@code row} (0-based) in column {@code column} (0-based). */
    public String value(int row, int column) {
        return rows.get(row)[column];
    }

    /** The 1-based line of the file that data row {@code row} came from. */
    public int line(int row) {
        return lines[row];
    }

    public boolean hasColumn(String name) {
        return columns.contains(name);
    }

    /** The index of a named column; throws naming the columns the table has. */
    public int column(String name) throws DatasetFormatException {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new DatasetFormatException(source, "no column '" + name + "'; the columns are "
                    + String.join(", ", columns));
        }
        return index;
    }

    /** A problem with one field: {@code file:line: column 'name': problem}. */
    public DatasetFormatException error(int row, int column, String problem) {
        return new DatasetFormatException(source, line(row), "column '" + columns.get(column) + "': " + problem);
    }
}
