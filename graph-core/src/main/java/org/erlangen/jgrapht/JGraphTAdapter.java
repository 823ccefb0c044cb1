package org.erlangen.jgrapht;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.erlangen.graph.Graph;
import org.erlangen.kernels.Buffers;
import org.jgrapht.GraphType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Graph} built from a JGraphT graph, with the vertex order that maps model rows back to the user's vertices.
 *
 * <p>Vertex {@code i} of the graph is the {@code i}-th vertex of {@code vertexSet()} in iteration order (insertion
 * order for JGraphT's default graphs). A JGraphT edge from source to target becomes an edge from sender to
 * receiver, so messages flow from source to target. In an undirected graph every edge becomes both directions,
 * except a self loop, which is stored once; both directions share the edge's feature row. Multiple edges between
 * the same vertices are all kept. Mixed graphs are not supported.
 *
 * <p>Node targets: {@code nodeLabels} stores class labels as an int32 vector with -1 for a vertex whose label
 * function returned null (unlabelled); {@code nodeValues} stores regression targets as a vector of the chosen float
 * type with NaN for null. Results come back as maps in vertex order, keyed by the user's vertices, like the
 * {@code Map<V, Double>} of JGraphT's scoring algorithms.
 */
public final class JGraphTAdapter<V, E> {
    private final Graph graph;
    private final List<V> vertices;
    private final Map<V, Integer> index;
    private final List<E> edgeOfStored;

    private JGraphTAdapter(Graph graph, List<V> vertices, Map<V, Integer> index, List<E> edgeOfInput) {
        this.graph = graph;
        this.vertices = vertices;
        this.index = index;
        int[] order = graph.edgeOrder();
        List<E> stored = new ArrayList<>(order.length);
        for (int k : order) {
            stored.add(edgeOfInput.get(k));
        }
        this.edgeOfStored = Collections.unmodifiableList(stored);
    }

    /** Starts an adapter over {@code graph}; set the feature and target functions, then {@link Builder#build()}. */
    public static <V, E> Builder<V, E> from(org.jgrapht.Graph<V, E> graph) {
        return new Builder<>(graph);
    }

    public Graph graph() {
        return graph;
    }

    /** The vertices in node order: vertex {@code vertices().get(i)} is node {@code i}. */
    public List<V> vertices() {
        return vertices;
    }

    /** The node of every vertex. */
    public Map<V, Integer> vertexIndex() {
        return index;
    }

    public int indexOf(V vertex) {
        Integer i = index.get(vertex);
        if (i == null) {
            throw new IllegalArgumentException("vertex " + vertex + " is not in the graph");
        }
        return i;
    }

    /** The JGraphT edge behind stored edge {@code k} of {@link #graph()} (both directions of an undirected edge). */
    public E edge(int k) {
        return edgeOfStored.get(k);
    }

    /** Row {@code i} of {@code values} ({@code [n]} or {@code [n, ...]}) as a flat array, keyed by vertex i. */
    public Map<V, double[]> rowsByVertex(INDArray values) {
        checkRows(values, "rowsByVertex");
        int width = (int) (values.length() / vertices.size());
        double[] all = Buffers.doubles(values);
        Map<V, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < vertices.size(); i++) {
            out.put(vertices.get(i), Arrays.copyOfRange(all, i * width, (i + 1) * width));
        }
        return Collections.unmodifiableMap(out);
    }

    /** One value per vertex, from a {@code [n]} or {@code [n, 1]} array: scores, regression outputs. */
    public Map<V, Double> scoresByVertex(INDArray values) {
        checkRows(values, "scoresByVertex");
        if (values.length() != vertices.size()) {
            throw new IllegalArgumentException("scoresByVertex needs one value per vertex, got shape "
                    + Arrays.toString(values.shape()));
        }
        double[] all = Buffers.doubles(values);
        Map<V, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < vertices.size(); i++) {
            out.put(vertices.get(i), all[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    /** The predicted class of every vertex: the column of the largest logit in its row of {@code [n, C]} (first on ties). */
    public Map<V, Integer> classesByVertex(INDArray logits) {
        checkRows(logits, "classesByVertex");
        if (logits.rank() != 2 || logits.size(1) == 0) {
            throw new IllegalArgumentException("classesByVertex needs logits of shape [" + vertices.size()
                    + ", classes], got " + Arrays.toString(logits.shape()));
        }
        int classes = (int) logits.size(1);
        double[] all = Buffers.doubles(logits);
        Map<V, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < vertices.size(); i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (all[i * classes + c] > all[i * classes + best]) {
                    best = c;
                }
            }
            out.put(vertices.get(i), best);
        }
        return Collections.unmodifiableMap(out);
    }

    private void checkRows(INDArray values, String what) {
        if (values.rank() == 0 || values.size(0) != vertices.size()) {
            throw new IllegalArgumentException(what + " needs one row per vertex (" + vertices.size()
                    + "), got shape " + Arrays.toString(values.shape()));
        }
    }

    /** The functions that turn vertices and edges into rows. */
    public static final class Builder<V, E> {
        private final org.jgrapht.Graph<V, E> source;
        private Function<? super V, double[]> nodeFeatures;
        private Function<? super E, double[]> edgeFeatures;
        private boolean edgeWeights;
        private Function<? super V, Integer> nodeLabels;
        private Function<? super V, ? extends Number> nodeValues;
        private DataType dtype = DataType.FLOAT;

        private Builder(org.jgrapht.Graph<V, E> source) {
            this.source = source;
        }

        /** One feature row per vertex; every row must have the same length. */
        public Builder<V, E> nodeFeatures(Function<? super V, double[]> f) {
            this.nodeFeatures = f;
            return this;
        }

        /** One feature row per JGraphT edge; every row must have the same length. */
        public Builder<V, E> edgeFeatures(Function<? super E, double[]> f) {
            this.edgeFeatures = f;
            return this;
        }

        /** Adds {@code getEdgeWeight(e)} as the last edge feature column (the only one without edge features). */
        public Builder<V, E> edgeWeights(boolean use) {
            this.edgeWeights = use;
            return this;
        }

        /** Class labels, {@code >= 0}; null for an unlabelled vertex, stored as -1. */
        public Builder<V, E> nodeLabels(Function<? super V, Integer> f) {
            this.nodeLabels = f;
            return this;
        }

        /** Regression targets; null for an unlabelled vertex, stored as NaN. */
        public Builder<V, E> nodeValues(Function<? super V, ? extends Number> f) {
            this.nodeValues = f;
            return this;
        }

        /** Data type of features and values: FLOAT (default) or DOUBLE. */
        public Builder<V, E> dataType(DataType dtype) {
            if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
                throw new IllegalArgumentException("features are FLOAT or DOUBLE, got " + dtype);
            }
            this.dtype = dtype;
            return this;
        }

        public JGraphTAdapter<V, E> build() {
            GraphType type = source.getType();
            if (type.isMixed()) {
                throw new IllegalArgumentException("mixed graphs (directed and undirected edges) are not supported");
            }
            if (nodeLabels != null && nodeValues != null) {
                throw new IllegalArgumentException("set either node labels or node values, not both");
            }
            boolean directed = type.isDirected();
            List<V> vertices = List.copyOf(source.vertexSet());
            if (vertices.isEmpty()) {
                throw new IllegalArgumentException("the JGraphT graph has no vertices");
            }
            Map<V, Integer> index = new HashMap<>(vertices.size() * 2);
            for (int i = 0; i < vertices.size(); i++) {
                index.put(vertices.get(i), i);
            }
            List<E> edges = List.copyOf(source.edgeSet());
            int[] rowOfEdge = new int[edges.size() * (directed ? 1 : 2)];
            int[] senders = new int[rowOfEdge.length];
            int[] receivers = new int[rowOfEdge.length];
            List<E> edgeOfInput = new ArrayList<>(rowOfEdge.length);
            int count = 0;
            for (int j = 0; j < edges.size(); j++) {
                E e = edges.get(j);
                int s = index.get(source.getEdgeSource(e));
                int t = index.get(source.getEdgeTarget(e));
                senders[count] = s;
                receivers[count] = t;
                rowOfEdge[count++] = j;
                edgeOfInput.add(e);
                if (!directed && s != t) {
                    senders[count] = t;
                    receivers[count] = s;
                    rowOfEdge[count++] = j;
                    edgeOfInput.add(e);
                }
            }
            senders = Arrays.copyOf(senders, count);
            receivers = Arrays.copyOf(receivers, count);
            Graph.Builder b = Graph.builder(vertices.size()).edges(senders, receivers);
            if (nodeFeatures != null) {
                b.nodeFeatures(table(vertices, nodeFeatures, "node features", v -> "vertex " + v, null, 0, null));
            }
            if (edgeFeatures != null || edgeWeights) {
                b.edgeFeatures(table(edges, edgeFeatures, "edge features", this::describeEdge, rowOfEdge, count,
                        edgeWeights ? source::getEdgeWeight : null));
            }
            if (nodeLabels != null) {
                b.nodeTargets(labels(vertices));
            }
            if (nodeValues != null) {
                b.nodeTargets(values(vertices));
            }
            return new JGraphTAdapter<>(b.build(), vertices, Collections.unmodifiableMap(index),
                    Collections.unmodifiableList(edgeOfInput));
        }

        /**
         * A matrix with one row per item from {@code f} (may be null when only {@code extra} is given) and
         * {@code extra} as a last column; {@code rowOf} repeats item rows (both directions of an edge).
         */
        private <T> INDArray table(List<T> items, Function<? super T, double[]> f, String what,
                Function<T, String> name, int[] rowOf, int rows, Function<T, Double> extra) {
            double[][] values = new double[items.size()][];
            int width = -1;
            for (int i = 0; i < items.size(); i++) {
                T item = items.get(i);
                double[] row = f == null ? new double[0] : f.apply(item);
                if (row == null) {
                    throw new IllegalArgumentException(what + ": the function returned null for "
                            + name.apply(item));
                }
                if (width < 0) {
                    width = row.length;
                } else if (row.length != width) {
                    throw new IllegalArgumentException(what + ": " + name.apply(item) + " has " + row.length
                            + " values but " + name.apply(items.get(0)) + " (the first) has " + width);
                }
                if (extra != null) {
                    row = Arrays.copyOf(row, row.length + 1);
                    row[row.length - 1] = extra.apply(item);
                }
                values[i] = row;
            }
            int w = Math.max(0, width) + (extra == null ? 0 : 1);
            if (w == 0 && !items.isEmpty()) {
                throw new IllegalArgumentException(what + ": the function returned empty rows");
            }
            int n = rowOf == null ? items.size() : rows;
            if (dtype == DataType.DOUBLE) {
                double[] out = new double[Math.multiplyExact(n, w)];
                for (int r = 0; r < n; r++) {
                    System.arraycopy(values[rowOf == null ? r : rowOf[r]], 0, out, r * w, w);
                }
                return n == 0 ? Nd4j.create(dtype, 0, w) : Buffers.of(out, n, w);
            }
            float[] out = new float[Math.multiplyExact(n, w)];
            for (int r = 0; r < n; r++) {
                double[] row = values[rowOf == null ? r : rowOf[r]];
                for (int c = 0; c < w; c++) {
                    out[r * w + c] = (float) row[c];
                }
            }
            return n == 0 ? Nd4j.create(dtype, 0, w) : Buffers.of(out, n, w);
        }

        private INDArray labels(List<V> vertices) {
            int[] out = new int[vertices.size()];
            for (int i = 0; i < out.length; i++) {
                Integer label = nodeLabels.apply(vertices.get(i));
                if (label != null && label < 0) {
                    throw new IllegalArgumentException("node labels: vertex " + vertices.get(i)
                            + " has label " + label + "; labels are >= 0 and null marks an unlabelled vertex");
                }
                out[i] = label == null ? -1 : label;
            }
            return Nd4j.createFromArray(out);
        }

        private INDArray values(List<V> vertices) {
            double[] out = new double[vertices.size()];
            for (int i = 0; i < out.length; i++) {
                Number v = nodeValues.apply(vertices.get(i));
                out[i] = v == null ? Double.NaN : v.doubleValue();
            }
            return Nd4j.createFromArray(out).castTo(dtype);
        }

        private String describeEdge(E e) {
            return "edge " + source.getEdgeSource(e) + " -> " + source.getEdgeTarget(e);
        }
    }
}
