package org.erlangen.neo4j.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Nodes grouped into graphs for graph-level tasks: by the value of a graph id property, or by connected components
 * (ignoring direction) when there is none. Graphs are ordered by their id, and a component's id is the smallest
 * element id among its nodes, so the order does not depend on the order nodes were stored in.
 */
public final class Grouping {
    private final List<Object> ids;
    private final List<int[]> members;
    private final int[] graphOf;

    private Grouping(List<Object> ids, List<int[]> members, int nodeCount) {
        this.ids = ids;
        this.members = members;
        this.graphOf = new int[nodeCount];
        for (int g = 0; g < members.size(); g++) {
            for (int v : members.get(g)) {
                graphOf[v] = g;
            }
        }
    }

    public int graphCount() {
        return members.size();
    }

    public Object id(int graph) {
        return ids.get(graph);
    }

    /** The nodes of {@code graph}, as indices into the stored graph. */
    public int[] members(int graph) {
        return members.get(graph);
    }

    public int graphOf(int node) {
        return graphOf[node];
    }

    public static Grouping of(StoredGraph stored, String graphIdProperty) {
        Grouping grouping = stored.graphIds() != null ? byProperty(stored, graphIdProperty) : byComponents(stored);
        grouping.refuseCrossingEdges(stored, graphIdProperty);
        return grouping;
    }

    private static Grouping byProperty(StoredGraph stored, String property) {
        Object[] values = stored.graphIds();
        int missing = 0;
        int example = -1;
        Map<Object, List<Integer>> groups = new TreeMap<>(Grouping::compareIds);
        for (int v = 0; v < values.length; v++) {
            Object id = values[v];
            if (id == null) {
                missing++;
                example = example < 0 ? v : example;
                continue;
            }
            if (!(id instanceof String || id instanceof Long || id instanceof Integer)) {
                throw new IllegalArgumentException("graphIdProperty '" + property + "' must be an integer or a string, "
                        + "got " + Numbers.describe(id) + " on node " + NodeNames.of(stored.nodes().get(v)));
            }
            groups.computeIfAbsent(id instanceof Integer i ? (Object) i.longValue() : id, k -> new ArrayList<>())
                    .add(v);
        }
        if (missing > 0) {
            throw new IllegalArgumentException("graphIdProperty '" + property + "' is missing on " + missing + " of "
                    + values.length + " nodes, e.g. node " + NodeNames.of(stored.nodes().get(example)));
        }
        List<Object> ids = new ArrayList<>(groups.keySet());
        List<int[]> members = groups.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toList();
        return new Grouping(ids, members, values.length);
    }

    private static int compareIds(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        return a instanceof Long ? -1 : 1; // numbers before strings
    }

    private static Grouping byComponents(StoredGraph stored) {
        int n = stored.nodeCount();
        int[] parent = new int[n];
        for (int v = 0; v < n; v++) {
            parent[v] = v;
        }
        int[] s = stored.senders();
        int[] r = stored.receivers();
        for (int e = 0; e < s.length; e++) {
            int a = find(parent, s[e]);
            int b = find(parent, r[e]);
            if (a != b) {
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
        Map<Integer, List<Integer>> groups = new HashMap<>();
        for (int v = 0; v < n; v++) {
            groups.computeIfAbsent(find(parent, v), k -> new ArrayList<>()).add(v);
        }
        TreeMap<String, int[]> byId = new TreeMap<>(Comparator.naturalOrder());
        for (List<Integer> group : groups.values()) {
            String id = group.stream().map(v -> stored.nodes().get(v).getElementId()).min(Comparator.naturalOrder())
                    .orElseThrow();
            byId.put(id, group.stream().mapToInt(Integer::intValue).toArray());
        }
        return new Grouping(new ArrayList<>(byId.keySet()), new ArrayList<>(byId.values()), n);
    }

    private static int find(int[] parent, int v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    private void refuseCrossingEdges(StoredGraph stored, String property) {
        int[] s = stored.senders();
        int[] r = stored.receivers();
        int crossing = 0;
        int example = -1;
        for (int e = 0; e < s.length; e++) {
            if (graphOf[s[e]] != graphOf[r[e]]) {
                crossing++;
                example = example < 0 ? e : example;
            }
        }
        if (crossing > 0) {
            throw new IllegalArgumentException(crossing + " relationships join nodes of different graphs (by '"
                    + property + "'), e.g. from node " + NodeNames.of(stored.nodes().get(s[example])) + " to node "
                    + NodeNames.of(stored.nodes().get(r[example])) + "; select relationships within graphs only");
        }
    }

    /**
     * One value per graph from values per node: the value its nodes carry (null when none does); nodes of one graph
     * that disagree are an error.
     */
    public Object[] perGraph(StoredGraph stored, Object[] nodeValues, String property) {
        Object[] out = new Object[graphCount()];
        for (int g = 0; g < graphCount(); g++) {
            Object value = null;
            int holder = -1;
            for (int v : members(g)) {
                Object x = nodeValues[v];
                if (x == null) {
                    continue;
                }
                if (value == null) {
                    value = x;
                    holder = v;
                } else if (!sameValue(value, x)) {
                    throw new IllegalArgumentException("the nodes of graph " + id(g) + " disagree on '" + property
                            + "': " + show(value) + " on node " + NodeNames.of(stored.nodes().get(holder)) + ", "
                            + show(x) + " on node " + NodeNames.of(stored.nodes().get(v)));
                }
            }
            out[g] = value;
        }
        return out;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Numbers.compareExactly(x, y) == 0;
        }
        return Objects.equals(a, b);
    }

    private static String show(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }
}
