package org.erlangen.gnn.aggr;

import java.util.EnumMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.erlangen.sparse.Csr;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code 1 / (entries in its row)} for every entry of a pattern: the edge weights that make a sparse product a mean.
 * Cached per pattern and data type, outside any step workspace; the same array each time also lets the pattern keep
 * its transposed copy for the backward pass.
 */
final class InverseDegree {
    private static final Map<Csr, Map<DataType, INDArray>> CACHE = new WeakHashMap<>();

    private InverseDegree() {
    }

    static synchronized INDArray perEntry(Csr pattern, DataType dtype) {
        return CACHE.computeIfAbsent(pattern, p -> new EnumMap<>(DataType.class))
                .computeIfAbsent(dtype, t -> Workspace.outside(() -> compute(pattern, t)));
    }

    private static INDArray compute(Csr pattern, DataType dtype) {
        var rows = pattern.rows();
        double[] w = new double[pattern.entryCount()];
        for (int r = 0; r < rows.count(); r++) {
            double inv = 1.0 / rows.size(r);
            for (int k = rows.start(r); k < rows.end(r); k++) {
                w[k] = inv;
            }
        }
        return Nd4j.createFromArray(w).castTo(dtype);
    }
}
