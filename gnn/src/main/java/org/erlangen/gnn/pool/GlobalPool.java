package org.erlangen.gnn.pool;

import java.util.Locale;
import org.erlangen.graph.GraphBatch;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;

/**
 * Readout of one row per graph (or set) from the rows of its nodes (elements): a segment reduction, so the result
 * does not depend on the order of the nodes within a graph. An empty graph reads out zeros.
 */
public enum GlobalPool {
    SUM, MEAN, MAX;

    /** {@code x [N, F]} grouped by {@code segments} ({@code N} rows in all) to {@code [segments, F]}. */
    public Tensor apply(Tensor x, Segments segments) {
        return switch (this) {
            case SUM -> Sparse.segmentSum(x, segments);
            case MEAN -> Sparse.segmentMean(x, segments);
            case MAX -> Sparse.segmentMax(x, segments);
        };
    }

    /** Node rows of the batch's merged graph to one row per graph. */
    public Tensor apply(Tensor x, GraphBatch batch) {
        return apply(x, batch.nodesPerGraph());
    }

    /** The pool called {@code name}, case-insensitively. */
    public static GlobalPool of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pool '" + name + "'; expected sum, mean or max", e);
        }
    }
}
