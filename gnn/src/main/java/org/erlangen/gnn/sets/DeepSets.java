package org.erlangen.gnn.sets;

import java.util.Objects;
import org.erlangen.gnn.pool.GlobalPool;
import org.erlangen.graph.GraphBatch;
import org.erlangen.nn.Layer;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Tensor;

/**
 * DeepSets (Zaheer et al. 2017): {@code f(X) = rho(pool over x in X of phi(x))}, a function of a set that does not
 * depend on the order of its elements. Sets are consecutive rows grouped by {@link Segments}, like the nodes of a
 * batch of graphs without edges (Jraph's view: DeepSets is message passing with no messages), so a batch of sets of
 * different sizes needs no padding.
 */
public final class DeepSets extends Module {
    private final Layer phi;
    private final Layer rho;
    private final GlobalPool pool;

    /** {@code phi} maps each element, {@code rho} each pooled set; usually {@link org.erlangen.nn.MLP}s. */
    public <P extends Module & Layer, R extends Module & Layer> DeepSets(P phi, R rho, GlobalPool pool) {
        this.phi = child("phi", Objects.requireNonNull(phi, "phi"));
        this.rho = child("rho", Objects.requireNonNull(rho, "rho"));
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** {@code elements [N, F]}, set {@code b} being rows {@code sets.start(b)..sets.end(b)}: one row per set. */
    public Tensor forward(Tensor elements, Segments sets) {
        if (elements.rows() != sets.total()) {
            throw new IllegalArgumentException("the sets hold " + sets.total() + " elements but the input has "
                    + elements.rows() + " rows");
        }
        return rho.forward(pool.apply(phi.forward(elements), sets));
    }

    /** Each graph of the batch as a set of its nodes (edges are ignored). */
    public Tensor forward(GraphBatch sets, Tensor elements) {
        return forward(elements, sets.nodesPerGraph());
    }

    public GlobalPool pool() {
        return pool;
    }
}
