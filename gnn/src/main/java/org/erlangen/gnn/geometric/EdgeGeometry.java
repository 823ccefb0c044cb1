package org.erlangen.gnn.geometric;

import java.util.Arrays;
import org.erlangen.graph.Graph;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Tensor;

/**
 * Per-edge geometry from node positions, as tensor operations so that an energy computed from it can be
 * differentiated with respect to the positions (forces). Edges are in the graph's stored order (by receiver).
 *
 * @param relative {@code x_receiver - x_sender}, {@code [E, 3]}
 * @param distances {@code |x_receiver - x_sender|}, {@code [E, 1]}
 */
public record EdgeGeometry(Tensor relative, Tensor distances) {
    /**
     * The geometry of every edge of {@code graph} for {@code positions} ({@code [N, 3]}). Distances must be positive:
     * two atoms at the same place joined by an edge have no direction and an infinite distance gradient.
     */
    public static EdgeGeometry of(Graph graph, Tensor positions) {
        if (positions.rank() != 2 || positions.rows() != graph.numNodes()) {
            throw new IllegalArgumentException("positions must have shape [" + graph.numNodes() + ", dims], got "
                    + Arrays.toString(positions.shape()));
        }
        Csr adjacency = graph.adjacency();
        Tensor receivers = Sparse.expand(positions, adjacency.rows());
        Tensor senders = Sparse.gatherCols(positions, adjacency);
        Tensor relative = Ops.sub(receivers, senders);
        Tensor squared = Reductions.sum(Ops.mul(relative, relative), 1, true);
        return new EdgeGeometry(relative, Activations.sqrt(squared));
    }

    /** The graph's own positions as a constant. */
    public static EdgeGeometry of(Graph graph) {
        if (graph.positions() == null) {
            throw new IllegalArgumentException("the graph has no positions");
        }
        return of(graph, Tensor.constant(graph.positions()));
    }
}
