package org.erlangen.gnn.conv;

import java.util.Arrays;
import org.erlangen.gnn.aggr.Aggregation;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;

/**
 * The base of message-passing layers, after PyTorch Geometric's {@code MessagePassing}: {@link #propagate} computes
 * one message per edge ({@link #message}), reduces the messages into each node with the layer's {@link Aggregation},
 * and hands the result to {@link #update}. A layer whose messages are (weighted) sender features can skip the
 * per-edge array by overriding {@link #fusedPropagate}, usually with one sparse-dense product.
 *
 * <p>Edge direction is decided here and only here: a message flows from an edge's sender to its receiver. The rows of
 * a per-node tensor at the senders are {@link #atSenders} ({@code x_j} in PyTorch Geometric's notation), at the
 * receivers {@link #atReceivers} ({@code x_i}), and the aggregation runs over the rows of the graph's adjacency,
 * which are the receivers. Per-edge tensors (messages, edge features, edge weights) are in the graph's stored edge
 * order, sorted by receiver.
 */
public abstract class MessagePassing extends Module {
    private final Aggregation aggregation;
    private boolean fused = true;

    /** {@code aggregation} is registered as the child {@code aggr_module}, as in PyTorch Geometric. */
    protected MessagePassing(Aggregation aggregation) {
        if (aggregation == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs an aggregation");
        }
        this.aggregation = child("aggr_module", aggregation);
    }

    /** Rows of a per-node tensor at the sender of each stored edge: where messages come from ({@code x_j}). */
    public static Tensor atSenders(Csr adjacency, Tensor nodeValues) {
        return Sparse.gatherCols(nodeValues, adjacency);
    }

    /** Rows of a per-node tensor at the receiver of each stored edge: where messages go ({@code x_i}). */
    public static Tensor atReceivers(Csr adjacency, Tensor nodeValues) {
        return Sparse.expand(nodeValues, adjacency.rows());
    }

    /** {@link #propagate(Graph, Tensor, Tensor, Tensor, Tensor)} with the same features on both ends, no edge data. */
    protected final Tensor propagate(Graph graph, Tensor x) {
        return propagate(graph, x, x, null, null);
    }

    /** With the same features on both ends of every edge. */
    protected final Tensor propagate(Graph graph, Tensor x, Tensor edgeAttr, Tensor edgeWeight) {
        return propagate(graph, x, x, edgeAttr, edgeWeight);
    }

    /**
     * Message, aggregate, update over the edges of {@code graph}.
     *
     * @param source node features read at the senders ({@link Messages#xJ()})
     * @param target node features read at the receivers ({@link Messages#xI()}); often the same tensor
     * @param edgeAttr per-edge features {@code [E, D]} in stored edge order, or null
     * @param edgeWeight per-edge weights ({@code [E]}, {@code [E, 1]}, or {@code [E, heads]} for attention), or null
     * @return {@link #update} of the aggregated messages, one row per node
     */
    protected final Tensor propagate(Graph graph, Tensor source, Tensor target, Tensor edgeAttr, Tensor edgeWeight) {
        int nodes = graph.numNodes();
        int edges = graph.numEdges();
        checkRows(source, nodes, "node features");
        checkRows(target, nodes, "receiver node features");
        checkRows(edgeAttr, edges, "edge features");
        checkRows(edgeWeight, edges, "edge weights");
        Tensor aggregated = fused ? fusedPropagate(graph, source, edgeAttr, edgeWeight) : null;
        if (aggregated == null) {
            Csr adjacency = graph.adjacency();
            Tensor messages = message(new Messages(adjacency, source, target, edgeAttr, edgeWeight));
            if (messages == null || messages.rank() != 2 || messages.rows() != edges) {
                throw new IllegalStateException(getClass().getSimpleName() + ".message must return [" + edges
                        + ", F] (one row per edge), got "
                        + (messages == null ? "null" : Arrays.toString(messages.shape())));
            }
            aggregated = aggregation.aggregate(messages, adjacency.rows());
        }
        return update(aggregated, target);
    }

    /** One row per stored edge: what the edge's sender tells its receiver. */
    protected abstract Tensor message(Messages messages);

    /** Combines a node's aggregated messages with its own features; the aggregate unchanged by default. */
    protected Tensor update(Tensor aggregated, Tensor x) {
        return aggregated;
    }

    /**
     * The aggregated messages computed without building them edge by edge, or null when this layer has no such path
     * (the default). It must equal aggregating {@link #message}'s result; {@link #setFused} turns it off to compare.
     * Only the sender features are passed: a layer with a fused path does not read receiver features in messages.
     */
    protected Tensor fusedPropagate(Graph graph, Tensor source, Tensor edgeAttr, Tensor edgeWeight) {
        return null;
    }

    /** Whether {@link #propagate} takes the fused path when the layer offers one (on by default). */
    public final void setFused(boolean on) {
        fused = on;
    }

    public final boolean isFused() {
        return fused;
    }

    public final Aggregation aggregation() {
        return aggregation;
    }

    private void checkRows(Tensor t, int rows, String what) {
        if (t != null && (t.rank() == 0 || t.rows() != rows)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + what + " have shape "
                    + Arrays.toString(t.shape()) + ", expected " + rows + " rows");
        }
    }
}
