package org.erlangen.gnn.testing;

import org.erlangen.sparse.Segments;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Attention computed the textbook way, set by set and head by head, with plain loops: the reference for tests. */
public final class DenseAttention {
    private DenseAttention() {
    }

    /** Query set b attends to key set b; gives {@code [Nq, H*d]}, zeros for queries without keys. */
    public static INDArray attend(INDArray q, INDArray k, INDArray v, Segments queries, Segments keys, int heads) {
        int width = (int) q.size(1);
        int d = width / heads;
        double[][] out = new double[(int) q.size(0)][width];
        for (int b = 0; b < queries.count(); b++) {
            for (int i = queries.start(b); i < queries.end(b); i++) {
                for (int h = 0; h < heads; h++) {
                    int n = keys.size(b);
                    double[] s = new double[n];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        double dot = 0;
                        for (int c = h * d; c < (h + 1) * d; c++) {
                            dot += q.getDouble(i, c) * k.getDouble(keys.start(b) + j, c);
                        }
                        s[j] = dot / Math.sqrt(d);
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < n; j++) {
                        s[j] = Math.exp(s[j] - max);
                        z += s[j];
                    }
                    for (int j = 0; j < n; j++) {
                        for (int c = h * d; c < (h + 1) * d; c++) {
                            out[i][c] += s[j] / z * v.getDouble(keys.start(b) + j, c);
                        }
                    }
                }
            }
        }
        return Nd4j.createFromArray(out).castTo(DataType.DOUBLE);
    }

    /** Layer norm of each row (biased variance, eps 1e-5) times gamma plus beta. */
    public static INDArray layerNorm(INDArray x, INDArray gamma, INDArray beta) {
        INDArray out = x.dup();
        for (int i = 0; i < x.size(0); i++) {
            double mean = 0;
            double var = 0;
            long f = x.size(1);
            for (int j = 0; j < f; j++) {
                mean += x.getDouble(i, j) / f;
            }
            for (int j = 0; j < f; j++) {
                var += Math.pow(x.getDouble(i, j) - mean, 2) / f;
            }
            for (int j = 0; j < f; j++) {
                out.putScalar(i, j, (x.getDouble(i, j) - mean) / Math.sqrt(var + 1e-5) * gamma.getDouble(j)
                        + beta.getDouble(j));
            }
        }
        return out;
    }
}
