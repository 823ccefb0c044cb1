package org.erlangen.gnn.encoding;

import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.sparse.Segments;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Random-walk structural encoding (Dwivedi et al. 2022; PyTorch Geometric's {@code AddRandomWalkPE}): for node
 * {@code i}, the probabilities {@code (P^k)[i][i]}, {@code k = 1..K}, that a random walk from {@code i} is back at
 * {@code i} after {@code k} steps, where {@code P = D_out^-1 A} moves along edges from sender to receiver, each
 * out-edge (parallel edges counted) with equal probability. A node without out-edges stops its walks (row of zeros).
 *
 * <p>Each graph of a batch is walked on its own, by {@code K} sparse-dense products with a dense {@code [n, n]}
 * matrix: {@code O(K n E)} time per graph.
 */
public final class RandomWalkSE {
    private final int steps;

    public RandomWalkSE(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("the encoding needs at least one step, got " + steps);
        }
        this.steps = steps;
    }

    public int steps() {
        return steps;
    }

    /** {@code [n, K]} for one graph. */
    public INDArray compute(Graph graph, DataType dtype) {
        return compute(graph, Blocks.whole(graph), dtype);
    }

    public INDArray compute(GraphBatch batch, DataType dtype) {
        return compute(batch.graph(), batch.nodesPerGraph(), dtype);
    }

    /** {@code [N, K]} for a graph made of disjoint graphs, grouped by {@code nodes}. */
    public INDArray compute(Graph graph, Segments nodes, DataType dtype) {
        double[][] se = new double[graph.numNodes()][steps];
        for (Blocks.Block block : Blocks.of(graph, nodes)) {
            int n = block.n();
            int[] s = block.senders();
            int[] r = block.receivers();
            int[] outDegree = new int[n];
            for (int sender : s) {
                outDegree[sender]++;
            }
            // walk[i][j] = (P^k)[i][j]; one more step: (P^k P)[i][r] = sum over edges s -> r of walk[i][s] / out(s)
            double[][] walk = new double[n][n];
            for (int i = 0; i < n; i++) {
                walk[i][i] = 1;
            }
            for (int k = 0; k < steps; k++) {
                double[][] next = new double[n][n];
                for (int e = 0; e < s.length; e++) {
                    double p = 1.0 / outDegree[s[e]];
                    for (int i = 0; i < n; i++) {
                        next[i][r[e]] += walk[i][s[e]] * p;
                    }
                }
                walk = next;
                for (int i = 0; i < n; i++) {
                    se[block.offset() + i][k] = walk[i][i];
                }
            }
        }
        return LaplacianPE.toArray(se, graph.numNodes(), steps, dtype);
    }
}
