package org.erlangen.graph;

import java.util.ArrayList;
import java.util.List;
import org.erlangen.graph.Layout.Part;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Many small graphs as one graph made of disjoint pieces (the Jraph way of batching): nodes, edges and their rows are
 * concatenated, node indices of graph {@code i} are shifted by the nodes of the graphs before it. One message passing
 * step over {@link #graph()} is one step over every graph, and a readout per graph is a segment reduction,
 * {@code Sparse.segmentSum(x, batch.nodesPerGraph())}.
 *
 * <p>Graph targets are flattened per graph and stacked into {@code [B, k]}. Since graphs are laid out in order and
 * each keeps its edges sorted by receiver, the merged edges are sorted too, and the edges of graph {@code i} are the
 * contiguous range {@link #edgesPerGraph()} gives.
 */
public final class GraphBatch {
    private final Graph graph;
    private final Segments nodes;
    private final Segments edges;
    private final INDArray graphTargets;

    private GraphBatch(Graph graph, Segments nodes, Segments edges, INDArray graphTargets) {
        this.graph = graph;
        this.nodes = nodes;
        this.edges = edges;
        this.graphTargets = graphTargets;
    }

    /** Batches the graphs at {@code indices} of {@code graphs}, in the order of {@code indices}. */
    public static GraphBatch of(List<Graph> graphs, int[] indices) {
        List<Graph> chosen = new ArrayList<>(indices.length);
        for (int i : indices) {
            chosen.add(graphs.get(i));
        }
        return of(chosen);
    }

    /**
     * Batches {@code graphs} in list order. All must have the same parts (node features, edge features, positions,
     * node targets, graph targets) with the same data types and row shapes; the error names the first graph that
     * differs from graph 0.
     */
    public static GraphBatch of(List<Graph> graphs) {
        if (graphs.isEmpty()) {
            throw new IllegalArgumentException("cannot batch an empty list of graphs");
        }
        Layout layout = Layout.of(graphs.get(0));
        int b = graphs.size();
        int[] nodePtr = new int[b + 1];
        int[] edgePtr = new int[b + 1];
        for (int i = 0; i < b; i++) {
            Graph g = graphs.get(i);
            if (g == null) {
                throw new IllegalArgumentException("graph " + i + " of the batch is null");
            }
            if (i > 0) {
                layout.check(g, "graph " + i, "graph 0");
            }
            nodePtr[i + 1] = Math.addExact(nodePtr[i], g.numNodes());
            edgePtr[i + 1] = Math.addExact(edgePtr[i], g.numEdges());
        }
        int[] senders = new int[edgePtr[b]];
        int[] receivers = new int[edgePtr[b]];
        for (int i = 0; i < b; i++) {
            Csr adj = graphs.get(i).adjacency();
            Segments rows = adj.rows();
            int offset = nodePtr[i];
            int e = edgePtr[i];
            for (int r = 0; r < adj.rowCount(); r++) {
                for (int k = rows.start(r); k < rows.end(r); k++, e++) {
                    senders[e] = adj.col(k) + offset;
                    receivers[e] = r + offset;
                }
            }
        }
        Graph.Builder builder = Graph.builder(nodePtr[b]).edges(senders, receivers);
        if (layout.has(Part.NODE_FEATURES)) {
            builder.nodeFeatures(concat(graphs, layout, Part.NODE_FEATURES, nodePtr[b]));
        }
        if (layout.has(Part.EDGE_FEATURES)) {
            // Stored edge order of each graph is kept, and the merged edges need no reordering, so rows line up.
            builder.edgeFeatures(concat(graphs, layout, Part.EDGE_FEATURES, edgePtr[b]));
        }
        Graph first = graphs.get(0);
        if (first.edgeTypes() != null) {
            int[] types = new int[edgePtr[b]];
            for (int i = 0; i < b; i++) {
                Graph g = graphs.get(i);
                if (g.edgeTypes() == null || g.relationCount() != first.relationCount()) {
                    throw new IllegalArgumentException("graph " + i + " of the batch has "
                            + (g.edgeTypes() == null ? "no edge types" : g.relationCount() + " relations")
                            + ", graph 0 " + first.relationCount() + " relations");
                }
                System.arraycopy(g.edgeTypes(), 0, types, edgePtr[i], g.numEdges());
            }
            builder.edgeTypes(types, first.relationCount());
        } else {
            for (int i = 1; i < b; i++) {
                if (graphs.get(i).edgeTypes() != null) {
                    throw new IllegalArgumentException("graph " + i + " of the batch has edge types, graph 0 none");
                }
            }
        }
        if (layout.has(Part.POSITIONS)) {
            builder.positions(concat(graphs, layout, Part.POSITIONS, nodePtr[b]));
        }
        if (layout.has(Part.NODE_TARGETS)) {
            builder.nodeTargets(concat(graphs, layout, Part.NODE_TARGETS, nodePtr[b]));
        }
        INDArray targets = layout.has(Part.GRAPH_TARGETS) ? concat(graphs, layout, Part.GRAPH_TARGETS, b) : null;
        builder.graphTargets(targets);
        return new GraphBatch(builder.build(), Segments.ofPointers(nodePtr), Segments.ofPointers(edgePtr), targets);
    }

    private static INDArray concat(List<Graph> graphs, Layout layout, Part part, int rows) {
        List<INDArray> arrays = new ArrayList<>(graphs.size());
        for (Graph g : graphs) {
            arrays.add(part.get.apply(g));
        }
        long[] rowShape = layout.rowShape(part);
        long[] shape = new long[rowShape.length + 1];
        shape[0] = rows;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return Rows.concat(arrays, layout.dtype(part), shape);
    }

    /** The merged graph; its graph targets are {@link #graphTargets()}, one row per graph. */
    public Graph graph() {
        return graph;
    }

    /** Number of graphs in the batch. */
    public int size() {
        return nodes.count();
    }

    /** The nodes of each graph, a contiguous range of the merged graph's nodes: the segments of a readout. */
    public Segments nodesPerGraph() {
        return nodes;
    }

    /** The edges of each graph, a contiguous range of the merged graph's (sorted) edges. */
    public Segments edgesPerGraph() {
        return edges;
    }

    /** {@code B + 1} entries: graph {@code i} has merged nodes {@code offsets[i]} to {@code offsets[i+1]}. */
    public int[] nodeOffsets() {
        return nodes.toPointers();
    }

    /** The graph of every merged node. */
    public int[] nodeToGraph() {
        return nodes.ids().clone();
    }

    /** Graph targets, one row per graph, {@code [B, k]}; null when the graphs have none. */
    public INDArray graphTargets() {
        return graphTargets;
    }
}
