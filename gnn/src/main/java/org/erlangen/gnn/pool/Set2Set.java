package org.erlangen.gnn.pool;

import java.util.Arrays;
import java.util.Random;
import org.erlangen.graph.GraphBatch;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Set2Set readout (Vinyals et al. 2016), as PyTorch Geometric's {@code Set2Set}: starting from {@code q* = 0}, each
 * of {@code steps} processing steps runs
 * <pre>
 * q   = LSTM(q*)                               (hidden state carried across steps)
 * a_i = softmax over the nodes of the graph of <x_i, q>
 * r   = sum_i a_i x_i;   q* = [q, r]
 * </pre>
 * and the readout is the last {@code q*}, {@code [B, 2 F]}: an order-invariant summary that attends to the nodes
 * several times.
 */
public final class Set2Set extends Module {
    private final int in;
    private final int steps;
    private final LstmCell lstm;

    public Set2Set(int in, int steps, Random random, DataType dtype) {
        if (steps < 1) {
            throw new IllegalArgumentException("Set2Set needs at least one processing step, got " + steps);
        }
        this.in = in;
        this.steps = steps;
        this.lstm = child("lstm", new LstmCell(2 * in, in, random, dtype));
    }

    /** {@code x [N, in]} grouped by {@code graphs}; gives {@code [graphs, 2 in]}. */
    public Tensor forward(Tensor x, Segments graphs) {
        if (x.rank() != 2 || x.size(1) != in) {
            throw new IllegalArgumentException("Set2Set(" + in + ") expects x [N, " + in + "], got "
                    + Arrays.toString(x.shape()));
        }
        int b = graphs.count();
        LstmCell.State state = lstm.zeroState(b, x.dtype());
        Tensor qStar = Tensor.constant(Nd4j.zeros(x.dtype(), b, 2L * in));
        for (int t = 0; t < steps; t++) {
            state = lstm.forward(qStar, state);
            Tensor q = state.h();
            Tensor e = Reductions.sum(Ops.mul(x, Sparse.expand(q, graphs)), 1, true);
            Tensor a = Sparse.segmentSoftmax(e, graphs);
            Tensor r = Sparse.segmentSum(Ops.mul(a, x), graphs);
            qStar = Shapes.concat(1, q, r);
        }
        return qStar;
    }

    public Tensor forward(Tensor x, GraphBatch batch) {
        return forward(x, batch.nodesPerGraph());
    }

    public int steps() {
        return steps;
    }
}
