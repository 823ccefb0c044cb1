package org.erlangen.gnn.aggr;

import org.erlangen.kernels.Buffers;
import org.erlangen.sparse.Csr;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code 1 / (entries in its row)} for every entry of a pattern: the edge weights that make a sparse product a mean.
 * Kept with the pattern per data type, outside any step workspace; the same array each time also lets the pattern
 * keep its transposed copy for the backward pass.
 */
final class InverseDegree {
    private record Key(DataType dtype) {
    }

    private InverseDegree() {
    }

    static INDArray perEntry(Csr pattern, DataType dtype) {
        return pattern.derived(new Key(dtype), () -> Workspace.outside(() -> compute(pattern, dtype)));
    }

    /** In one bulk copy: a sampled batch's pattern is new every step, and a put per entry cost a tenth of its step. */
    private static INDArray compute(Csr pattern, DataType dtype) {
        var rows = pattern.rows();
        double[] w = new double[pattern.entryCount()];
        for (int r = 0; r < rows.count(); r++) {
            double inv = 1.0 / rows.size(r);
            for (int k = rows.start(r); k < rows.end(r); k++) {
                w[k] = inv;
            }
        }
        return Buffers.of(w, w.length).castTo(dtype);
    }
}
