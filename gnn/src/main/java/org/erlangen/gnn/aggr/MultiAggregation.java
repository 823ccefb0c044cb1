package org.erlangen.gnn.aggr;

import java.util.ArrayList;
import java.util.List;
import org.erlangen.nn.ModuleList;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Several aggregations side by side, each result scaled by each degree scaler: the output is, for every scaler in
 * order, the concatenation of every aggregation's result in order, so its width is
 * {@code scalers x (sum of the aggregations' widths)}. With the scaler {@link DegreeScaler#IDENTITY} alone this is
 * PyTorch Geometric's {@code MultiAggregation(mode="cat")}; with scalers it is PNA's {@code DegreeScalerAggregation}.
 */
public final class MultiAggregation extends Aggregation {
    private final ModuleList<Aggregation> aggregations;
    private final List<DegreeScaler> scalers;
    private final double delta;

    /**
     * @param delta mean {@code log(d + 1)} over the training graphs ({@link DegreeScaler#delta}); only read when a
     *     scaler other than identity is present
     */
    public MultiAggregation(List<? extends Aggregation> aggregations, List<DegreeScaler> scalers, double delta) {
        if (aggregations.isEmpty() || scalers.isEmpty()) {
            throw new IllegalArgumentException("a multi-aggregation needs at least one aggregation and one scaler, got "
                    + aggregations.size() + " and " + scalers.size());
        }
        boolean scaled = scalers.stream().anyMatch(s -> s != DegreeScaler.IDENTITY);
        if (scaled && !(delta > 0 && Double.isFinite(delta))) {
            throw new IllegalArgumentException("degree scalers need a positive, finite delta (mean log(d + 1) over"
                    + " the training graphs), got " + delta);
        }
        this.aggregations = child("aggrs", new ModuleList<>());
        aggregations.forEach(this.aggregations::add);
        this.scalers = List.copyOf(scalers);
        this.delta = delta;
    }

    /** The aggregations concatenated, unscaled. */
    public static MultiAggregation of(Aggregation... aggregations) {
        return new MultiAggregation(List.of(aggregations), List.of(DegreeScaler.IDENTITY), Double.NaN);
    }

    @Override
    public Tensor aggregate(Tensor messages, Segments segments) {
        checkMessages(messages, segments);
        Tensor[] parts = new Tensor[aggregations.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = aggregations.get(i).aggregate(messages, segments);
        }
        return combine(parts, segments);
    }

    @Override
    public boolean isLinear() {
        for (Aggregation a : aggregations) {
            if (!a.isLinear()) {
                return false;
            }
        }
        return true; // a degree scale is a constant per node
    }

    /** Each part through its own (possibly fused) path, then concatenated and scaled as usual. */
    @Override
    public Tensor aggregateNeighbors(Csr pattern, Tensor weights, Tensor x) {
        Tensor[] parts = new Tensor[aggregations.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = aggregations.get(i).aggregateNeighbors(pattern, weights, x);
        }
        return combine(parts, pattern.rows());
    }

    private Tensor combine(Tensor[] parts, Segments segments) {
        Tensor joined = parts.length == 1 ? parts[0] : Shapes.concat(1, parts);
        if (scalers.size() == 1 && scalers.get(0) == DegreeScaler.IDENTITY) {
            return joined;
        }
        Tensor[] scaled = new Tensor[scalers.size()];
        for (int i = 0; i < scaled.length; i++) {
            DegreeScaler s = scalers.get(i);
            scaled[i] = s == DegreeScaler.IDENTITY ? joined : Ops.mul(joined, Tensor.constant(
                    Nd4j.createFromArray(s.scales(segments, delta)).castTo(joined.dtype())
                            .reshape(segments.count(), 1)));
        }
        return scaled.length == 1 ? scaled[0] : Shapes.concat(1, scaled);
    }

    @Override
    public int outputWidth(int messageWidth) {
        int width = 0;
        for (Aggregation a : aggregations) {
            width += a.outputWidth(messageWidth);
        }
        return width * scalers.size();
    }

    /** The aggregations, in output order. */
    public List<Aggregation> aggregations() {
        List<Aggregation> list = new ArrayList<>();
        aggregations.forEach(list::add);
        return List.copyOf(list);
    }

    public List<DegreeScaler> scalers() {
        return scalers;
    }
}
