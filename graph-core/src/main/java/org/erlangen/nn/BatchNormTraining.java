package org.erlangen.nn;

import org.erlangen.kernels.BatchNormKernels;
import org.erlangen.kernels.Buffers;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Batch normalisation with the batch's statistics as one differentiable op over {@link BatchNormKernels}. */
final class BatchNormTraining {
    private BatchNormTraining() {
    }

    /** Whether the kernels take this input (see {@link BatchNormKernels#applies}). */
    static boolean applies(INDArray x) {
        return BatchNormKernels.applies(x);
    }

    /**
     * {@code y = (x - mean) / sqrt(var + eps) * gamma + beta} with the batch mean and biased variance of each column;
     * {@code gamma}/{@code beta} may be null. {@code batchStats}, when not null, receives mean and variance as [F].
     */
    static Tensor apply(Tensor x, Tensor gamma, Tensor beta, double eps, INDArray[] batchStats) {
        INDArray v = x.data();
        double[] g = gamma == null ? null : Buffers.valuesAsDoubles(gamma.data());
        double[] b = beta == null ? null : Buffers.valuesAsDoubles(beta.data());
        BatchNormKernels.Forward f = BatchNormKernels.forward(v, g, b, eps);
        if (batchStats != null) {
            batchStats[0] = vector(f.mean(), v.dataType());
            batchStats[1] = vector(f.var(), v.dataType());
        }
        return Tensor.result(f.out(), grad -> {
            double[][] sums = BatchNormKernels.gradientSums(grad, f.xhat());
            if (beta != null && beta.requiresGrad()) {
                beta.accumulateOwned(vector(sums[0], v.dataType()).reshape(beta.shape()));
            }
            if (gamma != null && gamma.requiresGrad()) {
                gamma.accumulateOwned(vector(sums[1], v.dataType()).reshape(gamma.shape()));
            }
            if (x.requiresGrad()) {
                x.accumulateOwned(BatchNormKernels.inputGradient(grad, f, sums));
            }
        }, x, gamma, beta);
    }

    /** {@code values} as a new [n] array of {@code type}. */
    static INDArray vector(double[] values, DataType type) {
        INDArray out = Nd4j.createUninitialized(type, values.length);
        Buffers.write(out, values);
        return out;
    }
}
