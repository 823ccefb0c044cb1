package org.erlangen.gnn.conv;

import org.erlangen.tensor.Tensor;

/**
 * A graph layer whose neighbours enter only through one sum or mean of their input rows (GraphSAGE with mean or sum
 * aggregation, GIN; GCN through its normalised sum), so it can run on that pool computed elsewhere: layer-wise
 * inference sums a chunk's senders' rows where they lie, instead of gathering them into a chunk graph first, and a
 * distributed engine pools them with a join and a sum per receiver.
 */
public interface PooledLayer extends GraphLayer {
    /** How the senders' rows are pooled. */
    enum Pooling {
        SUM, MEAN,
        /**
         * GCN's: a sum over the in-edges of the graph with a self loop on every node that has none, each message
         * weighted by {@code 1/sqrt(d_sender d_receiver)}, {@code d} a node's in-degree there (the self loop counted).
         */
        SYMMETRIC
    }

    /** How this layer pools its senders' rows as they come in, or null when it transforms them first. */
    Pooling pooling();

    /**
     * What a sender contributes to the pools, row by row: its input row, or a linear map of it that the layer would
     * apply to the pool anyway (a narrower one means fewer values to read at random).
     */
    default Tensor message(Tensor x) {
        return x;
    }

    /**
     * The outputs of receivers whose senders' {@link #message messages} pool (by {@link #pooling()}) to
     * {@code pooled} and whose own input rows are {@code own}: the rows {@link GraphLayer#forward} gives them.
     */
    Tensor forwardPooled(Tensor pooled, Tensor own);
}
