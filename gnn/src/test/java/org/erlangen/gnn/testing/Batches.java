package org.erlangen.gnn.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.testing.Permutations;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Small random batches of graphs, and the same batch with the nodes of every graph reordered. */
public final class Batches {
    private Batches() {
    }

    /** Random graphs with the given node counts (edges about twice the nodes), node features of {@code width}. */
    public static GraphBatch random(int[] sizes, int width, long seed, DataType dtype) {
        List<Graph> graphs = new ArrayList<>();
        for (int b = 0; b < sizes.length; b++) {
            int n = sizes[b];
            int m = (int) Math.min(2L * n, (long) n * (n - 1));
            Graph g = RandomGraphs.of(n, m).nodeFeatures(width).seed(seed * 31 + b).build();
            graphs.add(g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(dtype)).build());
        }
        return GraphBatch.of(graphs);
    }

    /** A batch and the permutation of its merged nodes that produced it from another. */
    public record Permuted(GraphBatch batch, int[] perm) {
        /** Rows of an array over the original batch's nodes, moved to where the permutation put them. */
        public INDArray rows(INDArray a) {
            return Permutations.rows(a, perm);
        }
    }

    /**
     * The batch with the nodes of each graph renamed by a random permutation within that graph and its edges
     * shuffled; graphs keep their place. {@code map} applies to each graph before batching (e.g. self loops).
     */
    public static Permuted permuteWithinGraphs(GraphBatch batch, Random random,
            java.util.function.UnaryOperator<Graph> map) {
        int[] offsets = batch.nodeOffsets();
        int[] perm = new int[offsets[offsets.length - 1]];
        List<Graph> graphs = new ArrayList<>();
        for (int b = 0; b < batch.size(); b++) {
            Graph g = single(batch, b);
            int[] local = Permutations.random(g.numNodes(), random);
            for (int i = 0; i < local.length; i++) {
                perm[offsets[b] + i] = offsets[b] + local[i];
            }
            graphs.add(map.apply(Permutations.graph(g, local, random)));
        }
        return new Permuted(GraphBatch.of(graphs), perm);
    }

    /** Graph {@code b} of a batch, cut out of the merged graph (node features and edges only). */
    public static Graph single(GraphBatch batch, int b) {
        var nodes = batch.nodesPerGraph();
        var edges = batch.edgesPerGraph();
        Graph merged = batch.graph();
        int[] s = merged.senders();
        int[] r = merged.receivers();
        int n = nodes.size(b);
        int[] ls = new int[edges.size(b)];
        int[] lr = new int[edges.size(b)];
        for (int e = edges.start(b); e < edges.end(b); e++) {
            ls[e - edges.start(b)] = s[e] - nodes.start(b);
            lr[e - edges.start(b)] = r[e] - nodes.start(b);
        }
        Graph.Builder g = Graph.builder(n).edges(ls, lr);
        if (merged.nodeFeatures() != null) {
            INDArray x = merged.nodeFeatures();
            g.nodeFeatures(n == 0 ? org.nd4j.linalg.factory.Nd4j.create(x.dataType(), 0, x.size(1))
                    : x.get(NDArrayIndex.interval(nodes.start(b), nodes.end(b)), NDArrayIndex.all()).dup());
        }
        return g.build();
    }

    /** A random permutation of the rows {@code sets} covers that moves each row only within its own set. */
    public static int[] withinSets(org.erlangen.sparse.Segments sets, Random random) {
        int[] perm = new int[sets.total()];
        for (int b = 0; b < sets.count(); b++) {
            int[] local = Permutations.random(sets.size(b), random);
            for (int i = 0; i < local.length; i++) {
                perm[sets.start(b) + i] = sets.start(b) + local[i];
            }
        }
        return perm;
    }
}
