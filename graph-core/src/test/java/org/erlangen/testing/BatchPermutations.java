package org.erlangen.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.sparse.Segments;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Permutations of a batch of graphs: the graphs in another order, the nodes of each graph renumbered (with its edges
 * shuffled), or both. The batch is taken apart into its graphs ({@link #graphs}), each permuted, and batched again.
 * A readout is equivariant with {@link Rows#GRAPHS} under a reordering of the graphs and invariant under reordering
 * nodes within graphs; a node-level layer is equivariant with {@link Rows#NODES} under either.
 */
public final class BatchPermutations implements Group<GraphBatch> {
    private final boolean reorderGraphs;
    private final boolean renumberNodes;
    private final Rows rows;

    private BatchPermutations(boolean reorderGraphs, boolean renumberNodes, Rows rows) {
        this.reorderGraphs = reorderGraphs;
        this.renumberNodes = renumberNodes;
        this.rows = rows;
    }

    /** The graphs in a random order, each graph unchanged. */
    public static BatchPermutations reorderGraphs(Rows rows) {
        return new BatchPermutations(true, false, rows);
    }

    /** The nodes of each graph renumbered and its edges shuffled; graphs keep their places. */
    public static BatchPermutations withinGraphs(Rows rows) {
        return new BatchPermutations(false, true, rows);
    }

    /** The graphs in a random order and the nodes of each renumbered, its edges shuffled. */
    public static BatchPermutations graphsAndNodes(Rows rows) {
        return new BatchPermutations(true, true, rows);
    }

    @Override
    public String name() {
        String what = reorderGraphs && renumberNodes ? "graph and node permutations"
                : reorderGraphs ? "graph permutations" : "node permutations within graphs";
        return what + " of a batch, output rows " + rows.name().toLowerCase();
    }

    @Override
    public Element<GraphBatch> draw(GraphBatch batch, Random random) {
        List<Graph> graphs = graphs(batch);
        int count = graphs.size();
        int[] order = reorderGraphs ? Permutations.random(count, random) : RowMaps.identity(count);
        int[] inverse = Permutations.inverse(order);
        List<int[]> nodes = new ArrayList<>();
        List<int[]> edges = new ArrayList<>();
        for (Graph g : graphs) {
            nodes.add(renumberNodes ? Permutations.random(g.numNodes(), random) : RowMaps.identity(g.numNodes()));
            edges.add(renumberNodes ? Permutations.random(g.numEdges(), random) : RowMaps.identity(g.numEdges()));
        }
        // offsets of each graph's nodes and edges at its new place
        int[] nodeStart = new int[count];
        int[] edgeStart = new int[count];
        for (int j = 1; j < count; j++) {
            Graph before = graphs.get(inverse[j - 1]);
            nodeStart[j] = nodeStart[j - 1] + before.numNodes();
            edgeStart[j] = edgeStart[j - 1] + before.numEdges();
        }
        int[] nodeMap = new int[batch.graph().numNodes()];
        int[] edgeMap = new int[batch.graph().numEdges()];
        Segments nodeSegments = batch.nodesPerGraph();
        Segments edgeSegments = batch.edgesPerGraph();
        for (int i = 0; i < count; i++) {
            int[] local = nodes.get(i);
            for (int v = 0; v < local.length; v++) {
                nodeMap[nodeSegments.start(i) + v] = nodeStart[order[i]] + local[v];
            }
            int[] stored = RowMaps.storedEdges(graphs.get(i).receivers(), local, edges.get(i));
            for (int e = 0; e < stored.length; e++) {
                edgeMap[edgeSegments.start(i) + e] = edgeStart[order[i]] + stored[e];
            }
        }
        RowMaps maps = new RowMaps(nodeMap, edgeMap, order);
        return new Element<>() {
            @Override
            public GraphBatch onInput(GraphBatch input) {
                List<Graph> parts = graphs(input);
                List<Graph> moved = new ArrayList<>();
                for (int j = 0; j < count; j++) {
                    int i = inverse[j];
                    moved.add(Permutations.graph(parts.get(i), nodes.get(i), edges.get(i)));
                }
                return GraphBatch.of(moved);
            }

            @Override
            public INDArray onOutput(INDArray output) {
                return maps.move(output, rows);
            }

            @Override
            public String describe() {
                return (reorderGraphs ? "graphs to " + RowMaps.show(order) + (renumberNodes ? ", " : "") : "")
                        + (renumberNodes ? "merged nodes to " + RowMaps.show(nodeMap) : "");
            }
        };
    }

    /**
     * The graphs of a batch, cut out of the merged graph with every part: node features, edge features and types,
     * positions, node targets and the graph's row of graph targets.
     */
    public static List<Graph> graphs(GraphBatch batch) {
        Graph merged = batch.graph();
        Segments nodes = batch.nodesPerGraph();
        Segments edges = batch.edgesPerGraph();
        int[] s = merged.senders();
        int[] r = merged.receivers();
        List<Graph> out = new ArrayList<>();
        for (int b = 0; b < batch.size(); b++) {
            int[] ls = new int[edges.size(b)];
            int[] lr = new int[edges.size(b)];
            for (int e = edges.start(b); e < edges.end(b); e++) {
                ls[e - edges.start(b)] = s[e] - nodes.start(b);
                lr[e - edges.start(b)] = r[e] - nodes.start(b);
            }
            Graph.Builder g = Graph.builder(nodes.size(b)).edges(ls, lr);
            if (merged.nodeFeatures() != null) {
                g.nodeFeatures(slice(merged.nodeFeatures(), nodes.start(b), nodes.end(b)));
            }
            if (merged.edgeFeatures() != null) {
                g.edgeFeatures(slice(merged.edgeFeatures(), edges.start(b), edges.end(b)));
            }
            if (merged.edgeTypes() != null) {
                g.edgeTypes(Arrays.copyOfRange(merged.edgeTypes(), edges.start(b), edges.end(b)),
                        merged.relationCount());
            }
            if (merged.positions() != null) {
                g.positions(slice(merged.positions(), nodes.start(b), nodes.end(b)));
            }
            if (merged.nodeTargets() != null) {
                g.nodeTargets(slice(merged.nodeTargets(), nodes.start(b), nodes.end(b)));
            }
            if (batch.graphTargets() != null) {
                g.graphTargets(slice(batch.graphTargets(), b, b + 1));
            }
            out.add(g.build());
        }
        return out;
    }

    /** Rows {@code from} to {@code to} of an array of any rank, as a new array. */
    private static INDArray slice(INDArray a, int from, int to) {
        long[] shape = a.shape().clone();
        shape[0] = to - from;
        if (from == to) {
            return Nd4j.create(a.dataType(), shape);
        }
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        index[0] = NDArrayIndex.interval(from, to);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return a.get(index).dup().reshape(shape);
    }
}
