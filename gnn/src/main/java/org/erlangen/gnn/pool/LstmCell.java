package org.erlangen.gnn.pool;

import java.util.Random;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One step of a long short-term memory cell, as PyTorch's {@code nn.LSTMCell} (gates in the order input, forget,
 * cell, output):
 * <pre>
 * [i f g o] = x W_ih + b_ih + h W_hh + b_hh
 * c' = sigmoid(f) c + sigmoid(i) tanh(g);   h' = sigmoid(o) tanh(c')
 * </pre>
 * Weights use this project's {@code [in, 4 hidden]} layout (transposes of PyTorch's {@code weight_ih} and
 * {@code weight_hh}).
 */
public final class LstmCell extends Module {
    /** Hidden and cell state, {@code [B, hidden]} each. */
    public record State(Tensor h, Tensor c) {
    }

    private final int hidden;
    private final Linear input;
    private final Linear recurrent;

    public LstmCell(int in, int hidden, Random random, DataType dtype) {
        this.hidden = hidden;
        // PyTorch draws every LSTM weight from U(-1/sqrt(hidden), 1/sqrt(hidden))
        double bound = 1.0 / Math.sqrt(hidden);
        input = child("ih", new Linear(in, 4 * hidden, true, Init.Scheme.ZEROS, random, dtype));
        recurrent = child("hh", new Linear(hidden, 4 * hidden, true, Init.Scheme.ZEROS, random, dtype));
        for (Linear lin : new Linear[] {input, recurrent}) {
            lin.weight().data().assign(Init.uniform(bound, random, dtype, lin.inFeatures(), 4L * hidden));
            lin.bias().data().assign(Init.uniform(bound, random, dtype, 4L * hidden));
        }
    }

    /** The zero state for {@code rows} sequences. */
    public State zeroState(int rows, DataType dtype) {
        return new State(Tensor.constant(Init.zeros(dtype, rows, hidden)), Tensor.constant(Init.zeros(dtype, rows,
                hidden)));
    }

    public State forward(Tensor x, State state) {
        Tensor gates = Ops.add(input.forward(x), recurrent.forward(state.h()));
        Tensor i = Activations.sigmoid(Shapes.slice(gates, 1, 0, hidden));
        Tensor f = Activations.sigmoid(Shapes.slice(gates, 1, hidden, 2L * hidden));
        Tensor g = Activations.tanh(Shapes.slice(gates, 1, 2L * hidden, 3L * hidden));
        Tensor o = Activations.sigmoid(Shapes.slice(gates, 1, 3L * hidden, 4L * hidden));
        Tensor c = Ops.add(Ops.mul(f, state.c()), Ops.mul(i, g));
        return new State(Ops.mul(o, Activations.tanh(c)), c);
    }

    public int hidden() {
        return hidden;
    }
}
