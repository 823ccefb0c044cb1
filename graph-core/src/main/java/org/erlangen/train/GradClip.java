package org.erlangen.train;

import java.util.List;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Gradient clipping, in place on the parameters' gradients; parameters without a gradient are skipped. */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales all gradients together so that their joint L2 norm is at most {@code maxNorm}, as PyTorch's
     * {@code clip_grad_norm_} (factor {@code maxNorm / (norm + 1e-6)} when that is below 1). Returns the norm before
     * clipping.
     */
    public static double byGlobalNorm(List<Tensor> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maximum gradient norm must be positive, got " + maxNorm);
        }
        double sumSquares = 0;
        for (Tensor p : params) {
            INDArray g = p.grad();
            if (g != null) {
                double n = g.norm2Number().doubleValue();
                sumSquares += n * n;
            }
        }
        double norm = Math.sqrt(sumSquares);
        double factor = maxNorm / (norm + 1e-6);
        if (factor < 1) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    p.grad().muli(factor);
                }
            }
        }
        return norm;
    }

    /** Clamps every gradient element to {@code [-limit, limit]}, as PyTorch's {@code clip_grad_value_}. */
    public static void byValue(List<Tensor> params, double limit) {
        if (!(limit > 0)) {
            throw new IllegalArgumentException("gradient clip value must be positive, got " + limit);
        }
        for (Tensor p : params) {
            INDArray g = p.grad();
            if (g != null) {
                Transforms.min(g, limit, false);
                Transforms.max(g, -limit, false);
            }
        }
    }
}
