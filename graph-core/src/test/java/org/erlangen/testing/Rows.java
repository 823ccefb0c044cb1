package org.erlangen.testing;

/**
 * What the rows of a layer's output stand for, and so how a permutation moves them: one row per node, per stored edge
 * (in the graph's order, sorted by receiver) or per graph of a batch. An output with one row per graph of a single
 * graph stays where it is; check it with {@link Equivariance#assertInvariant}.
 */
public enum Rows {
    NODES,
    EDGES,
    GRAPHS
}
