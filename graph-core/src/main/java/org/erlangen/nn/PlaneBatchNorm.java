package org.erlangen.nn;

import java.util.Arrays;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.PlaneNormKernels;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation with the batch's statistics of {@code x} read as {@code [outer, features, inner]} (a grid signal
 * [B, C, H, W], or [B, C * orientations, H, W] with each channel's orientations together), one differentiable op over
 * {@link PlaneNormKernels}, in place of transposing to [N, F] and back.
 */
final class PlaneBatchNorm {
    private PlaneBatchNorm() {
    }

    static boolean applies(INDArray x) {
        return PlaneNormKernels.applies(x);
    }

    /**
     * {@code y = (x - mean) / sqrt(var + eps) * gamma + beta} per feature; {@code gamma}/{@code beta} may be null.
     * {@code batchStats}, when not null, receives the batch mean and biased variance as [features]. With
     * {@code relu}, the ReLU of that in the same pass.
     */
    static Tensor apply(Tensor x, int features, Tensor gamma, Tensor beta, double eps, INDArray[] batchStats,
            boolean relu) {
        INDArray v = x.data();
        double[] scale = gamma == null ? ones(features) : Buffers.valuesAsDoubles(gamma.data());
        double[] shift = beta == null ? new double[features] : Buffers.valuesAsDoubles(beta.data());
        PlaneNormKernels.Statistics s = PlaneNormKernels.statistics(v, features, eps);
        INDArray out = PlaneNormKernels.normalize(v, features, s, scale, shift, relu);
        if (batchStats != null) {
            batchStats[0] = BatchNormTraining.vector(s.mean(), v.dataType());
            batchStats[1] = BatchNormTraining.vector(s.var(), v.dataType());
        }
        return Tensor.result(out, g -> {
            double[] shiftGrad = new double[features];
            double[] scaleGrad = new double[features];
            INDArray dx = PlaneNormKernels.backward(g, v, features, s, scale, shift, shiftGrad, scaleGrad,
                    relu);
            if (beta != null && beta.requiresGrad()) {
                beta.accumulateOwned(BatchNormTraining.vector(shiftGrad, v.dataType()).reshape(beta.shape()));
            }
            if (gamma != null && gamma.requiresGrad()) {
                gamma.accumulateOwned(BatchNormTraining.vector(scaleGrad, v.dataType()).reshape(gamma.shape()));
            }
            if (x.requiresGrad()) {
                x.accumulateOwned(dx);
            }
        }, x, gamma, beta);
    }

    private static double[] ones(int n) {
        double[] a = new double[n];
        Arrays.fill(a, 1);
        return a;
    }
}
