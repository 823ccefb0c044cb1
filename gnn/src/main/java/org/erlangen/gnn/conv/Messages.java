package org.erlangen.gnn.conv;

import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Tensor;

/**
 * What {@link MessagePassing#message} sees: per-edge views, in stored edge order (sorted by receiver), of the
 * tensors given to {@code propagate}. The sender and receiver rows are gathered on first use, so a message that
 * reads only {@code x_j} never builds {@code x_i}.
 */
public final class Messages {
    private final Csr adjacency;
    private final Tensor source;
    private final Tensor target;
    private final Tensor edgeAttr;
    private final Tensor edgeWeight;
    private Tensor xJ;
    private Tensor xI;

    Messages(Csr adjacency, Tensor source, Tensor target, Tensor edgeAttr, Tensor edgeWeight) {
        this.adjacency = adjacency;
        this.source = source;
        this.target = target;
        this.edgeAttr = edgeAttr;
        this.edgeWeight = edgeWeight;
    }

    /** Sender features of every edge, {@code [E, F]}. */
    public Tensor xJ() {
        if (xJ == null) {
            xJ = MessagePassing.atSenders(adjacency, source);
        }
        return xJ;
    }

    /** Receiver features of every edge, {@code [E, F]}. */
    public Tensor xI() {
        if (xI == null) {
            xI = MessagePassing.atReceivers(adjacency, target);
        }
        return xI;
    }

    /** Edge features {@code [E, D]}, or null. */
    public Tensor edgeAttr() {
        return edgeAttr;
    }

    /** Edge weights ({@code [E]}, {@code [E, 1]} or {@code [E, heads]}), or null. */
    public Tensor edgeWeight() {
        return edgeWeight;
    }

    public int edgeCount() {
        return adjacency.entryCount();
    }

    /** The graph's adjacency: rows are receivers, columns senders, entry k is stored edge k. */
    public Csr adjacency() {
        return adjacency;
    }

    /** The edges grouped by receiver: the segments the aggregation runs over. */
    public Segments receivers() {
        return adjacency.rows();
    }
}
