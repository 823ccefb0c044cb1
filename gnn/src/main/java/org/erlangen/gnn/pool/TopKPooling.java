package org.erlangen.gnn.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.nn.Init;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Top-k pooling (Gao and Ji 2019, as PyTorch Geometric's {@code TopKPooling}): each node gets the score
 * {@code s = tanh(x p / |p|)} from a trained projection {@code p}; in each graph the {@code ceil(ratio n)} nodes of
 * highest score are kept, with features {@code x[idx] * s[idx]}, and the edges between kept nodes. The selection
 * itself is not differentiable; the gradient reaches {@code p} through the factor {@code s[idx]}.
 *
 * <p>Kept nodes are ordered graph by graph and, within a graph, by decreasing score (ties by node index).
 * {@code p} has shape {@code [F, 1]} (PyTorch Geometric stores its transpose, {@code [1, F]}).
 */
public final class TopKPooling extends Module {
    /**
     * The pooled batch (structure, edge features, positions, node and graph targets of the kept nodes; no node
     * features), the pooled features {@code x [K, F]}, the kept nodes of the input batch, and their scores
     * {@code [K, 1]}.
     */
    public record Pooled(GraphBatch batch, Tensor x, int[] kept, Tensor score) {
    }

    private final int in;
    private final double ratio;
    private final Tensor weight;

    public TopKPooling(int in, double ratio, Random random, DataType dtype) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("top-k ratio must be in (0, 1], got " + ratio);
        }
        this.in = in;
        this.ratio = ratio;
        weight = parameter("weight", Init.uniform(1.0 / Math.sqrt(in), random, dtype, in, 1));
    }

    /** Node scores {@code tanh(x p / |p|)}, {@code [N, 1]}. */
    public Tensor scores(Tensor x) {
        if (x.rank() != 2 || x.size(1) != in) {
            throw new IllegalArgumentException("TopKPooling(" + in + ") expects x [N, " + in + "], got "
                    + Arrays.toString(x.shape()));
        }
        Tensor norm = Activations.sqrt(Reductions.sum(Ops.mul(weight, weight)));
        return Activations.tanh(Ops.div(Ops.matmul(x, weight), norm));
    }

    public Pooled forward(GraphBatch batch, Tensor x) {
        if (x.rows() != batch.graph().numNodes()) {
            throw new IllegalArgumentException("x has " + x.rows() + " rows but the batch has "
                    + batch.graph().numNodes() + " nodes");
        }
        Tensor score = scores(x);
        Segments nodes = batch.nodesPerGraph();
        int[] kept = select(score.data(), nodes, ratio);
        Tensor keptScore = Sparse.indexSelect(score, kept);
        Tensor pooled = Ops.mul(Sparse.indexSelect(x, kept), keptScore);
        return new Pooled(subBatch(batch, kept), pooled, kept, keptScore);
    }

    /** The nodes kept in each graph: {@code ceil(ratio n)} of highest score, by decreasing score. */
    static int[] select(INDArray score, Segments nodes, double ratio) {
        double[] s = score.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        List<Integer> kept = new ArrayList<>();
        for (int b = 0; b < nodes.count(); b++) {
            int n = nodes.size(b);
            // the epsilon keeps 0.7 * 10 = 7.000000000000001 from rounding up to 8
            int k = (int) Math.min(n, Math.ceil(ratio * n - 1e-9));
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = nodes.start(b) + i;
            }
            Arrays.sort(order, (u, v) -> s[u] != s[v] ? Double.compare(s[v], s[u]) : Integer.compare(u, v));
            kept.addAll(Arrays.asList(order).subList(0, k));
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The induced subgraph of each graph on its kept nodes, batched in the same order. */
    private static GraphBatch subBatch(GraphBatch batch, int[] kept) {
        Graph merged = batch.graph();
        int[] newIndex = new int[merged.numNodes()];
        Arrays.fill(newIndex, -1);
        Segments nodes = batch.nodesPerGraph();
        int[] nodeToGraph = nodes.ids();
        int[] keptPerGraph = new int[nodes.count()];
        int[] keptStart = new int[nodes.count() + 1];
        for (int i = 0; i < kept.length; i++) {
            keptPerGraph[nodeToGraph[kept[i]]]++;
        }
        for (int b = 0; b < nodes.count(); b++) {
            keptStart[b + 1] = keptStart[b] + keptPerGraph[b];
        }
        for (int i = 0; i < kept.length; i++) {
            newIndex[kept[i]] = i - keptStart[nodeToGraph[kept[i]]];
        }
        int[] senders = merged.senders();
        int[] receivers = merged.receivers();
        Segments edges = batch.edgesPerGraph();
        List<Graph> graphs = new ArrayList<>(nodes.count());
        for (int b = 0; b < nodes.count(); b++) {
            List<Integer> keptEdges = new ArrayList<>();
            for (int e = edges.start(b); e < edges.end(b); e++) {
                if (newIndex[senders[e]] >= 0 && newIndex[receivers[e]] >= 0) {
                    keptEdges.add(e);
                }
            }
            int[] s = new int[keptEdges.size()];
            int[] r = new int[keptEdges.size()];
            int[] edgeRows = new int[keptEdges.size()];
            for (int j = 0; j < s.length; j++) {
                int e = keptEdges.get(j);
                s[j] = newIndex[senders[e]];
                r[j] = newIndex[receivers[e]];
                edgeRows[j] = e;
            }
            int[] nodeRows = Arrays.copyOfRange(kept, keptStart[b], keptStart[b + 1]);
            Graph.Builder g = Graph.builder(nodeRows.length).edges(s, r);
            if (merged.edgeFeatures() != null) {
                g.edgeFeatures(rows(merged.edgeFeatures(), edgeRows));
            }
            if (merged.positions() != null) {
                g.positions(rows(merged.positions(), nodeRows));
            }
            if (merged.nodeTargets() != null) {
                g.nodeTargets(rows(merged.nodeTargets(), nodeRows));
            }
            if (batch.graphTargets() != null) {
                g.graphTargets(rows(batch.graphTargets(), new int[] {b}));
            }
            graphs.add(g.build());
        }
        return GraphBatch.of(graphs);
    }

    /** The given rows of {@code a} (any rank), possibly none. */
    private static INDArray rows(INDArray a, int[] index) {
        long[] shape = a.shape().clone();
        shape[0] = index.length;
        if (index.length == 0) {
            return Nd4j.create(a.dataType(), shape);
        }
        INDArray flat = a.reshape(a.size(0), a.length() / Math.max(1, a.size(0)));
        return Nd4j.pullRows(flat, 1, index).reshape(shape);
    }

    public double ratio() {
        return ratio;
    }
}
