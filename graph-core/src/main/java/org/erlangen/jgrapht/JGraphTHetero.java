package org.erlangen.jgrapht;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.erlangen.graph.HeteroGraph;
import org.jgrapht.Graph;
import org.jgrapht.GraphType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link HeteroGraph} built from a JGraphT graph with a type function for vertices and one for edges, with the
 * vertex order that maps each type's model rows back to the user's vertices.
 *
 * <p>Node types come in the order their first vertex appears in {@code vertexSet()}; within a type, vertices keep
 * that order. An edge from source to target of type r becomes an edge of type
 * {@code (type(source))-[r]->(type(target))}; in an undirected graph every edge also becomes the reverse edge type
 * (a self loop once), as {@link JGraphTAdapter} does for one type. Features are given per node type; a type without a
 * feature function has none.
 */
public final class JGraphTHetero<V, E> {
    private final HeteroGraph graph;
    private final Map<String, List<V>> vertices;
    private final Map<V, Integer> indexInType;

    private JGraphTHetero(HeteroGraph graph, Map<String, List<V>> vertices, Map<V, Integer> indexInType) {
        this.graph = graph;
        this.vertices = vertices;
        this.indexInType = indexInType;
    }

    public static <V, E> Builder<V, E> from(Graph<V, E> graph, Function<? super V, String> vertexType,
            Function<? super E, String> edgeType) {
        return new Builder<>(graph, vertexType, edgeType);
    }

    public HeteroGraph graph() {
        return graph;
    }

    /** The vertices of a node type in node order: vertex {@code vertices(t).get(i)} is node i of type t. */
    public List<V> vertices(String type) {
        List<V> v = vertices.get(type);
        if (v == null) {
            throw new IllegalArgumentException("no node type '" + type + "'; the types are " + vertices.keySet());
        }
        return v;
    }

    /** A vertex's index within its type. */
    public int indexOf(V vertex) {
        Integer i = indexInType.get(vertex);
        if (i == null) {
            throw new IllegalArgumentException("vertex " + vertex + " is not in the graph");
        }
        return i;
    }

    /** Row i of {@code values} ([count, ...]) for the i-th vertex of the type, keyed by vertex. */
    public Map<V, double[]> rowsByVertex(String type, INDArray values) {
        List<V> v = vertices(type);
        if (values.size(0) != v.size()) {
            throw new IllegalArgumentException(type + " has " + v.size() + " vertices but the values have "
                    + values.size(0) + " rows");
        }
        Map<V, double[]> out = new LinkedHashMap<>();
        INDArray rows = values.reshape(values.size(0), values.length() / Math.max(1, values.size(0)))
                .castTo(DataType.DOUBLE);
        for (int i = 0; i < v.size(); i++) {
            out.put(v.get(i), rows.getRow(i).toDoubleVector());
        }
        return out;
    }

    /** The type functions and the features of each node type. */
    public static final class Builder<V, E> {
        private final Graph<V, E> source;
        private final Function<? super V, String> vertexType;
        private final Function<? super E, String> edgeType;
        private final Map<String, Function<? super V, double[]>> features = new HashMap<>();
        private DataType dtype = DataType.FLOAT;

        private Builder(Graph<V, E> source, Function<? super V, String> vertexType,
                Function<? super E, String> edgeType) {
            this.source = source;
            this.vertexType = vertexType;
            this.edgeType = edgeType;
        }

        /** One feature row per vertex of the node type; every row of a type must have the same length. */
        public Builder<V, E> features(String type, Function<? super V, double[]> f) {
            features.put(type, f);
            return this;
        }

        public Builder<V, E> dataType(DataType type) {
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
                throw new IllegalArgumentException("features are FLOAT or DOUBLE, got " + type);
            }
            dtype = type;
            return this;
        }

        public JGraphTHetero<V, E> build() {
            GraphType type = source.getType();
            if (type.isMixed()) {
                throw new IllegalArgumentException("mixed graphs (directed and undirected edges) are not supported");
            }
            Map<String, List<V>> byType = new LinkedHashMap<>();
            Map<V, Integer> index = new HashMap<>();
            for (V v : source.vertexSet()) {
                String t = vertexType.apply(v);
                if (t == null || t.isEmpty()) {
                    throw new IllegalArgumentException("vertex " + v + " has no type");
                }
                List<V> list = byType.computeIfAbsent(t, k -> new ArrayList<>());
                index.put(v, list.size());
                list.add(v);
            }
            if (byType.isEmpty()) {
                throw new IllegalArgumentException("the JGraphT graph has no vertices");
            }
            for (String t : features.keySet()) {
                if (!byType.containsKey(t)) {
                    throw new IllegalArgumentException("features are given for node type '" + t + "', which no "
                            + "vertex has; the types are " + byType.keySet());
                }
            }
            HeteroGraph.Builder b = HeteroGraph.builder();
            byType.forEach((t, vs) -> {
                Function<? super V, double[]> f = features.get(t);
                if (f == null) {
                    b.nodes(t, vs.size());
                } else {
                    b.nodes(t, table(t, vs, f));
                }
            });
            Map<HeteroGraph.EdgeType, int[][]> edges = new LinkedHashMap<>();
            Map<HeteroGraph.EdgeType, Integer> counts = new HashMap<>();
            for (E e : source.edgeSet()) {
                String r = edgeType.apply(e);
                if (r == null || r.isEmpty()) {
                    throw new IllegalArgumentException("edge " + e + " has no type");
                }
                V s = source.getEdgeSource(e);
                V t = source.getEdgeTarget(e);
                add(edges, counts, new HeteroGraph.EdgeType(vertexType.apply(s), r, vertexType.apply(t)),
                        index.get(s), index.get(t));
                if (!type.isDirected() && !s.equals(t)) {
                    add(edges, counts, new HeteroGraph.EdgeType(vertexType.apply(t), r, vertexType.apply(s)),
                            index.get(t), index.get(s));
                }
            }
            edges.forEach((t, e) -> b.edges(t, Arrays.copyOf(e[0], counts.get(t)),
                    Arrays.copyOf(e[1], counts.get(t))));
            Map<String, List<V>> frozen = new LinkedHashMap<>();
            byType.forEach((t, vs) -> frozen.put(t, List.copyOf(vs)));
            return new JGraphTHetero<>(b.build(), frozen, index);
        }

        private static void add(Map<HeteroGraph.EdgeType, int[][]> edges, Map<HeteroGraph.EdgeType, Integer> counts,
                HeteroGraph.EdgeType type, int s, int t) {
            int[][] e = edges.computeIfAbsent(type, k -> new int[][] {new int[8], new int[8]});
            int n = counts.getOrDefault(type, 0);
            if (n == e[0].length) {
                e[0] = Arrays.copyOf(e[0], 2 * n);
                e[1] = Arrays.copyOf(e[1], 2 * n);
            }
            e[0][n] = s;
            e[1][n] = t;
            counts.put(type, n + 1);
        }

        private INDArray table(String type, List<V> vs, Function<? super V, double[]> f) {
            int width = -1;
            double[][] rows = new double[vs.size()][];
            for (int i = 0; i < vs.size(); i++) {
                double[] row = f.apply(vs.get(i));
                if (row == null) {
                    throw new IllegalArgumentException(type + " vertex " + vs.get(i) + " has no feature row");
                }
                if (width >= 0 && row.length != width) {
                    throw new IllegalArgumentException(type + " vertex " + vs.get(i) + " has " + row.length
                            + " features, the type's first vertex " + width);
                }
                width = row.length;
                rows[i] = row;
            }
            return Nd4j.createFromArray(rows).castTo(dtype);
        }
    }
}
