package org.erlangen.gauge;

import java.util.Arrays;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.Parallel;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gauge-invariant features and a per-mesh readout: every order-0 channel as it is, and the norm
 * {@code sqrt(a^2 + b^2 + eps)} of every copy of order n >= 1 (a rotation keeps it), in the order of the columns;
 * then the mean over each mesh's points.
 */
public final class InvariantReadout {
    /** Keeps the norm differentiable at zero. */
    public static final double EPS = 1e-12;

    private final Irreps irreps;
    private final int[] source;
    private final boolean[] pair;

    public InvariantReadout(Irreps irreps) {
        this.irreps = irreps;
        int width = 0;
        for (Irreps.Irrep i : irreps.entries()) {
            width += i.multiplicity();
        }
        source = new int[width];
        pair = new boolean[width];
        int k = 0;
        for (Irreps.Slice s : irreps.slices()) {
            for (int c = 0; c < s.irrep().multiplicity(); c++, k++) {
                source[k] = s.offset() + c * s.irrep().width();
                pair[k] = s.irrep().order() > 0;
            }
        }
    }

    public Irreps irreps() {
        return irreps;
    }

    /** Number of invariant features per point: one per copy. */
    public int width() {
        return source.length;
    }

    /** Per point: [N, width()] invariants. */
    public Tensor invariants(Tensor x) {
        if (x.rank() != 2 || x.size(1) != irreps.dim()) {
            throw new IllegalArgumentException("features of type " + irreps + " need shape [N, " + irreps.dim()
                    + "], got " + Arrays.toString(x.shape()));
        }
        int rows = (int) x.rows();
        int d = irreps.dim();
        int w = source.length;
        double[] v = Buffers.doubles(x.data());
        double[] out = new double[rows * w];
        Parallel.forRows(rows, null, d, (from, to) -> {
            for (int r = from; r < to; r++) {
                for (int k = 0; k < w; k++) {
                    int i = r * d + source[k];
                    out[r * w + k] = pair[k] ? Math.sqrt(v[i] * v[i] + v[i + 1] * v[i + 1] + EPS) : v[i];
                }
            }
        });
        INDArray result = cast(Buffers.of(out, rows, w), x.dtype());
        return Tensor.result(result, g -> {
            double[] gs = Buffers.doubles(g);
            double[] gx = new double[rows * d];
            Parallel.forRows(rows, null, d, (from, to) -> {
                for (int r = from; r < to; r++) {
                    for (int k = 0; k < w; k++) {
                        int i = r * d + source[k];
                        double go = gs[r * w + k];
                        if (pair[k]) {
                            double norm = out[r * w + k];
                            gx[i] += go * v[i] / norm;
                            gx[i + 1] += go * v[i + 1] / norm;
                        } else {
                            gx[i] += go;
                        }
                    }
                }
            });
            x.accumulateOwned(cast(Buffers.of(gx, rows, d), x.dtype()));
        }, x);
    }

    /** Per mesh: the mean of the invariants over its points, [meshes, width()]. */
    public Tensor forward(Tensor x, Segments meshes) {
        return Sparse.segmentMean(invariants(x), meshes);
    }

    private static INDArray cast(INDArray a, DataType dtype) {
        return a.dataType() == dtype ? a : a.castTo(dtype);
    }
}
