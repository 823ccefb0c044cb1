package org.erlangen.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.primitives.IntList;

/**
 * An edge table: one edge per row, between the nodes named in two id columns (by default {@code source} and
 * {@code target}, else the first two columns), resolved against a node table's ids. An id the node table does not
 * have is refused naming the file, line and column. Other columns are not read.
 */
public final class EdgeTable {
    private final String source;
    private final String[] columns;
    private final int[] from;
    private final int[] to;
    private final int[] lines;

    private EdgeTable(String source, String[] columns, int[] from, int[] to, int[] lines) {
        this.source = source;
        this.columns = columns;
        this.from = from;
        this.to = to;
        this.lines = lines;
    }

    /** Reads the file (see {@link TableReader}) and resolves its ids against {@code nodes}. */
    public static EdgeTable read(Path file, TableOptions options, NodeTable nodes) throws IOException {
        return of(TableReader.read(file, options.delimiter()), options.edgeColumns(), nodes);
    }

    /**
     * Resolves a table's edges: {@code idColumns} names the two id columns, or is null for the default;
     * {@code nodes} gives each id its row.
     */
    public static EdgeTable of(Table table, List<String> idColumns, NodeTable nodes) throws DatasetFormatException {
        int a;
        int b;
        if (idColumns != null) {
            if (idColumns.size() != 2) {
                throw new IllegalArgumentException("an edge table has two id columns, got " + idColumns);
            }
            a = table.column(idColumns.get(0));
            b = table.column(idColumns.get(1));
        } else if (table.hasColumn("source") && table.hasColumn("target")) {
            a = table.column("source");
            b = table.column("target");
        } else {
            if (table.columns().size() < 2) {
                throw new DatasetFormatException(table.source(), "an edge table needs two id columns, this one has "
                        + table.columns().size() + ": " + table.columns());
            }
            a = 0;
            b = 1;
        }
        if (a == b) {
            throw new DatasetFormatException(table.source(), "the two id columns are both '"
                    + table.columns().get(a) + "'");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int r = 0; r < nodes.size(); r++) {
            index.put(nodes.ids().get(r), r);
        }
        IntList from = new IntList(table.rowCount());
        IntList to = new IntList(table.rowCount());
        IntList lines = new IntList(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) {
            from.add(node(table, r, a, index, nodes));
            to.add(node(table, r, b, index, nodes));
            lines.add(table.line(r));
        }
        return new EdgeTable(table.source(), new String[] {table.columns().get(a), table.columns().get(b)},
                from.toArray(), to.toArray(), lines.toArray());
    }

    private static int node(Table table, int row, int column, Map<String, Integer> index, NodeTable nodes)
            throws DatasetFormatException {
        String id = table.value(row, column);
        Integer node = index.get(id);
        if (node == null) {
            throw table.error(row, column, id.isEmpty() ? "no node id" : "no node '" + id + "' in "
                    + nodes.source() + " (column '" + nodes.idColumn() + "')");
        }
        return node;
    }

    /** The file the table came from. */
    public String source() {
        return source;
    }

    /** The names of the two id columns, source then target. */
    public List<String> idColumns() {
        return List.of(columns);
    }

    public int size() {
        return from.length;
    }

    /** The node-table row of each edge's first id. */
    public int[] sources() {
        return from.clone();
    }

    /** The node-table row of each edge's second id. */
    public int[] targets() {
        return to.clone();
    }

    /** The 1-based line of edge {@code e}. */
    public int line(int e) {
        return lines[e];
    }

    /** An error about edge {@code e}: {@code file:line: problem}. */
    public DatasetFormatException error(int e, String problem) {
        return new DatasetFormatException(source, lines[e], problem);
    }
}
