package org.erlangen.gnn.attention;

import java.util.Arrays;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.Parallel;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.sparse.SparseBackend;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-head dot products on the entries of a sparse pattern (a sampled dense-dense product):
 * {@code out[e, h] = <q[row e, head h], k[col e, head h]>}, where head {@code h} is columns {@code h*d .. (h+1)*d} of
 * the {@code [*, heads*d]} inputs. These are the attention scores of every query-key pair in the pattern, computed
 * without the {@code [entries, heads*d]} copies that gathering both sides would make.
 *
 * <p>The backward of q runs over the pattern's rows and that of k over its cached transpose, so each output row is
 * written by one thread. Float32 inputs are accumulated in float64 and rounded once.
 */
public final class EdgeDot {
    private EdgeDot() {
    }

    public static Tensor perHead(Tensor q, Tensor k, Csr pattern, int heads) {
        check(q, k, pattern, heads);
        if (SparseBackend.current() == SparseBackend.ND4J) {
            // the loops below read q and k on the host; ND4J's ops keep them where the backend has them (a GPU)
            return Sparse.edgeDot(pattern, q, k, heads);
        }
        int width = (int) q.size(1);
        int d = width / heads;
        int[] ptr = pattern.rows().toPointers();
        int[] cols = pattern.toCols();
        double[] qs = Buffers.doubles(q.data());
        double[] ks = Buffers.doubles(k.data());
        double[] out = new double[pattern.entryCount() * heads];
        Parallel.forRows(pattern.rowCount(), ptr, width, (from, to) -> {
            for (int r = from; r < to; r++) {
                int qo = r * width;
                for (int e = ptr[r]; e < ptr[r + 1]; e++) {
                    int ko = cols[e] * width;
                    for (int h = 0; h < heads; h++) {
                        double s = 0;
                        for (int c = h * d; c < (h + 1) * d; c++) {
                            s += qs[qo + c] * ks[ko + c];
                        }
                        out[e * heads + h] = s;
                    }
                }
            }
        });
        DataType dtype = q.dtype();
        INDArray result = array(out, dtype, pattern.entryCount(), heads);
        return Tensor.result(result, g -> {
            double[] gs = Buffers.doubles(g);
            if (q.requiresGrad()) {
                // dq[r] = sum over entries e of row r of g[e, h] k[col e] (per head)
                double[] dq = new double[qs.length];
                Parallel.forRows(pattern.rowCount(), ptr, width, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        accumulateRow(dq, r * width, ptr[r], ptr[r + 1], null, cols, gs, ks, width, d, heads);
                    }
                });
                q.accumulateOwned(array(dq, dtype, q.shape()));
            }
            if (k.requiresGrad()) {
                // dk[s] = sum over entries e with col e = s of g[e, h] q[row e]: rows of the transpose
                Csr.Transpose t = pattern.transpose();
                int[] tptr = t.csr().rows().toPointers();
                int[] trows = t.csr().toCols();
                int[] entryOf = t.entryOf();
                double[] dk = new double[ks.length];
                Parallel.forRows(pattern.colCount(), tptr, width, (from, to) -> {
                    for (int s = from; s < to; s++) {
                        accumulateRow(dk, s * width, tptr[s], tptr[s + 1], entryOf, trows, gs, qs, width, d,
                                heads);
                    }
                });
                k.accumulateOwned(array(dk, dtype, k.shape()));
            }
        }, q, k);
    }

    /** {@code out[o..o+width] += g[entry, h] other[row]} over the entries {@code from..to} of one row. */
    private static void accumulateRow(double[] out, int o, int from, int to, int[] entryOf, int[] other,
            double[] gs, double[] values, int width, int d, int heads) {
        for (int t = from; t < to; t++) {
            int e = entryOf == null ? t : entryOf[t];
            int vo = other[t] * width;
            for (int h = 0; h < heads; h++) {
                double w = gs[e * heads + h];
                for (int c = h * d; c < (h + 1) * d; c++) {
                    out[o + c] += w * values[vo + c];
                }
            }
        }
    }

    private static INDArray array(double[] values, DataType dtype, long... shape) {
        if (dtype == DataType.DOUBLE) {
            return Buffers.of(values, shape);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Buffers.of(f, shape);
    }

    private static void check(Tensor q, Tensor k, Csr pattern, int heads) {
        if (q.rank() != 2 || k.rank() != 2) {
            throw new IllegalArgumentException("queries and keys must be matrices, shapes are "
                    + Arrays.toString(q.shape()) + " and " + Arrays.toString(k.shape()));
        }
        if (q.size(1) != k.size(1)) {
            throw new IllegalArgumentException("queries have width " + q.size(1) + " but keys have " + k.size(1));
        }
        if (heads < 1 || q.size(1) % heads != 0) {
            throw new IllegalArgumentException("width " + q.size(1) + " does not split into " + heads + " heads");
        }
        if (q.rows() != pattern.rowCount() || k.rows() != pattern.colCount()) {
            throw new IllegalArgumentException("pattern is " + pattern.rowCount() + " queries x "
                    + pattern.colCount() + " keys, inputs have " + q.rows() + " queries and " + k.rows() + " keys");
        }
        if (q.dtype() != k.dtype()) {
            throw new IllegalArgumentException("queries are " + q.dtype() + " but keys are " + k.dtype());
        }
    }
}
