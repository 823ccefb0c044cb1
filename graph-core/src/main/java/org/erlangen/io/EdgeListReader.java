package org.erlangen.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.erlangen.graph.Graph;
import org.erlangen.primitives.IntList;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads an edge list: one edge "u v" or "u v weight" per line, separated by whitespace or commas, with {@code #} and
 * {@code %} comment lines. Node ids are any tokens. When every id is an integer, nodes are numbered in ascending id
 * order (so ids 0..n-1 keep their numbers); otherwise in order of first appearance.
 *
 * <p>A first line {@code nv,ne,u|d,name} is the LightGraphs header (as in the SNAP files): the nodes are then
 * 1..nv (isolated ones included), the file must hold ne edges, and {@code u}/{@code d} gives the default direction.
 */
public final class EdgeListReader {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    /**
     * Nodes an LG header may declare per byte of the file. Isolated nodes take no lines, so the file's size cannot
     * bound them exactly; this keeps a 21-byte file from declaring two billion (which thrashed, then ran out of
     * memory) while allowing far more isolated nodes than real edge lists have.
     */
    static final int NODES_PER_BYTE = 16;
    /** The shortest edge line, "1 2" and its line break. */
    private static final int SHORTEST_EDGE_LINE = 4;

    private EdgeListReader() {
    }

    /** Reads with the direction from an LG header, or undirected without one. */
    public static EdgeList read(Path file) throws IOException {
        return read(file, null);
    }

    /** Reads as directed (each line one edge) or undirected (each line both directions). */
    public static EdgeList read(Path file, boolean directed) throws IOException {
        return read(file, Boolean.valueOf(directed));
    }

    private static EdgeList read(Path file, Boolean directedOrNull) throws IOException {
        Map<String, Integer> firstSeen = new HashMap<>();
        List<String> ids = new ArrayList<>();
        IntList from = new IntList();
        IntList to = new IntList();
        List<Float> weights = new ArrayList<>();
        boolean directed = directedOrNull != null && directedOrNull;
        long declaredNodes = -1;
        long declaredEdges = -1;
        int columns = 0;
        int columnsLine = 0;
        try (TextLines in = TextLines.open(file, "#%", false)) {
            long bytes = Files.size(file);
            for (String line; (line = in.next()) != null; ) {
                String[] f = in.fields(line);
                if (columns == 0 && declaredNodes < 0 && isLgHeader(f)) {
                    declaredNodes = in.parseInt(f[0], "a node count");
                    declaredEdges = in.parseInt(f[1], "an edge count");
                    checkDeclared(in, declaredNodes, declaredEdges, bytes);
                    if (directedOrNull == null) {
                        directed = f[2].equals("d");
                    }
                    for (long v = 1; v <= declaredNodes; v++) {
                        String id = Long.toString(v);
                        firstSeen.put(id, ids.size());
                        ids.add(id);
                    }
                    continue;
                }
                if (columns == 0) {
                    if (f.length != 2 && f.length != 3) {
                        throw in.error("expected 'u v' or 'u v weight', found " + f.length + " fields: "
                                + TextLines.quote(line));
                    }
                    columns = f.length;
                    columnsLine = in.lineNumber();
                } else if (f.length != columns) {
                    throw in.error("expected " + (columns == 2 ? "'u v'" : "'u v weight'") + " like line "
                            + columnsLine + ", found " + f.length + " fields: " + TextLines.quote(line));
                }
                from.add(node(in, f[0], firstSeen, ids, declaredNodes));
                to.add(node(in, f[1], firstSeen, ids, declaredNodes));
                if (columns == 3) {
                    weights.add(in.parseFloat(f[2], "an edge weight"));
                }
            }
            if (columns == 0 && declaredNodes < 0) {
                throw new DatasetFormatException(in.source(), "no edges; expected lines 'u v' or 'u v weight'");
            }
            if (declaredEdges >= 0 && from.size() != declaredEdges) {
                throw new DatasetFormatException(in.source(), "the header announces " + declaredEdges
                        + " edges, but the file has " + from.size());
            }
        }
        int[] renumber = numbering(ids);
        List<String> byIndex = new ArrayList<>(Arrays.asList(new String[ids.size()]));
        for (int k = 0; k < ids.size(); k++) {
            byIndex.set(renumber[k], ids.get(k));
        }
        return build(from, to, weights, renumber, byIndex, directed);
    }

    private static EdgeList build(IntList from, IntList to, List<Float> weights, int[] renumber, List<String> ids,
            boolean directed) {
        long n = ids.size();
        IntList senders = new IntList();
        IntList receivers = new IntList();
        List<Float> kept = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        int dropped = 0;
        for (int k = 0; k < from.size(); k++) {
            int u = renumber[from.get(k)];
            int v = renumber[to.get(k)];
            for (int pass = 0; pass < (directed || u == v ? 1 : 2); pass++) {
                int s = pass == 0 ? u : v;
                int r = pass == 0 ? v : u;
                if (!seen.add(s * n + r)) {
                    dropped++;
                    continue;
                }
                senders.add(s);
                receivers.add(r);
                if (!weights.isEmpty()) {
                    kept.add(weights.get(k));
                }
            }
        }
        Graph.Builder b = Graph.builder(ids.size()).edges(senders.toArray(), receivers.toArray());
        if (!weights.isEmpty()) {
            float[] w = new float[kept.size()];
            for (int e = 0; e < w.length; e++) {
                w[e] = kept.get(e);
            }
            b.edgeFeatures(Nd4j.create(w, new long[] {w.length, 1}, 'c'));
        }
        return new EdgeList(b.build(), ids, directed, !weights.isEmpty(), dropped);
    }

    /** Refuses header counts that the file's size cannot hold, before a node is made. */
    private static void checkDeclared(TextLines in, long nodes, long edges, long bytes)
            throws DatasetFormatException {
        if (nodes < 0 || edges < 0) {
            throw in.error("the header declares " + nodes + " nodes and " + edges + " edges; counts cannot be "
                    + "negative");
        }
        if (edges > (bytes + 1) / SHORTEST_EDGE_LINE) {
            throw in.error("the header declares " + edges + " edges, more than the file's " + bytes + " bytes can "
                    + "hold (an edge line takes at least " + SHORTEST_EDGE_LINE + ")");
        }
        if (nodes > bytes * NODES_PER_BYTE) {
            throw in.error("the header declares " + nodes + " nodes, more than " + NODES_PER_BYTE + " per byte of "
                    + "the file's " + bytes + " bytes; are the counts right?");
        }
    }

    /** "nv,ne,u,name": two counts, a direction flag and a name. */
    static boolean isLgHeader(String[] f) {
        return f.length == 4 && INTEGER.matcher(f[0]).matches() && INTEGER.matcher(f[1]).matches()
                && (f[2].equals("u") || f[2].equals("d"));
    }

    private static int node(TextLines in, String id, Map<String, Integer> firstSeen, List<String> ids,
            long declaredNodes) throws DatasetFormatException {
        Integer k = firstSeen.get(id);
        if (k != null) {
            return k;
        }
        if (declaredNodes >= 0) {
            throw in.error("node id '" + id + "' is not one of 1.." + declaredNodes + " declared in the header");
        }
        firstSeen.put(id, ids.size());
        ids.add(id);
        return ids.size() - 1;
    }

    /** New index of each id (given in first-appearance order): ascending when all are integers, else unchanged. */
    private static int[] numbering(List<String> ids) {
        int n = ids.size();
        int[] renumber = new int[n];
        boolean numeric = ids.stream().allMatch(id -> INTEGER.matcher(id).matches());
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        if (numeric) {
            long[] value = ids.stream().mapToLong(Long::parseLong).toArray();
            Arrays.sort(order, (a, b) -> value[a] != value[b] ? Long.compare(value[a], value[b])
                    : ids.get(a).compareTo(ids.get(b)));
        }
        for (int i = 0; i < n; i++) {
            renumber[order[i]] = i;
        }
        return renumber;
    }
}
