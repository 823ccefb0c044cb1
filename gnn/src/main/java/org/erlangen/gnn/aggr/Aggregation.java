package org.erlangen.gnn.aggr;

import java.util.Arrays;
import java.util.Locale;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;

/**
 * Reduces the messages into each node to one row, as PyTorch Geometric's {@code nn.aggr} objects do. Messages are
 * rows {@code [E, F]} sorted by receiver; the segments group them per receiver (a graph's
 * {@code adjacency().rows()}), so a node with no incoming edge gets a row too (zeros for every aggregation here).
 * An aggregation is a module so that a learnable one (softmax with a trained temperature) brings its parameters.
 */
public abstract class Aggregation extends Module {
    /** One row per segment: {@code [segments.count(), outputWidth(F)]}. */
    public abstract Tensor aggregate(Tensor messages, Segments segments);

    /** Width of the result for messages of width {@code messageWidth}. */
    public int outputWidth(int messageWidth) {
        return messageWidth;
    }

    /**
     * Whether aggregating {@code m A} equals aggregating {@code m} and then applying the linear map {@code A} (sum
     * and mean): a layer may then transform node features before gathering them when that makes them narrower.
     */
    public boolean isLinear() {
        return false;
    }

    /**
     * Aggregates over each row {@code r} of {@code pattern} the rows {@code weights[k] * x[col k]} of its entries:
     * with a graph's adjacency, the sender rows of {@code x} over each receiver's incoming edges. {@code weights} is
     * one value per entry ({@code [E]} or {@code [E, 1]}) or null for 1. This default gathers the {@code [E, F]}
     * messages; sum and mean override it with one fused sparse-dense product that never builds them.
     */
    public Tensor aggregateNeighbors(Csr pattern, Tensor weights, Tensor x) {
        Tensor messages = Sparse.gatherCols(x, pattern);
        if (weights != null) {
            messages = Ops.mul(messages, asColumn(weights, pattern.entryCount()));
        }
        return aggregate(messages, pattern.rows());
    }

    /**
     * The aggregation PyTorch Geometric calls {@code name}: sum (or add), mean, max, min, softmax (temperature 1,
     * fixed), std, var.
     */
    public static Aggregation of(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sum", "add" -> new SumAggregation();
            case "mean" -> new MeanAggregation();
            case "max" -> new MaxAggregation();
            case "min" -> new MinAggregation();
            case "softmax" -> SoftmaxAggregation.fixed(1.0);
            case "std" -> new StdAggregation();
            case "var" -> new VarAggregation();
            default -> throw new IllegalArgumentException("unknown aggregation '" + name
                    + "'; expected one of sum, add, mean, max, min, softmax, std, var");
        };
    }

    /** Checks that {@code messages} is {@code [segments.total(), F]}, naming this aggregation otherwise. */
    protected final void checkMessages(Tensor messages, Segments segments) {
        if (messages.rank() != 2 || messages.rows() != segments.total()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " expects messages [" + segments.total()
                    + ", F] (one row per edge), got " + Arrays.toString(messages.shape()));
        }
    }

    /** Checks that {@code weights} holds one value per entry, as {@code [E]} or {@code [E, 1]}. */
    static void checkWeights(Tensor weights, long entries) {
        if (weights.data().length() != entries || weights.rank() > 2 || weights.rank() == 2 && weights.size(1) != 1) {
            throw new IllegalArgumentException("edge weights must be [" + entries + "] or [" + entries
                    + ", 1], got " + Arrays.toString(weights.shape()));
        }
    }

    static Tensor asColumn(Tensor weights, long entries) {
        checkWeights(weights, entries);
        return weights.rank() == 2 ? weights : Shapes.reshape(weights, entries, 1);
    }
}
