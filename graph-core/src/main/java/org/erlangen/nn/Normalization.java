package org.erlangen.nn;

import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Standardisation of a matrix along one dimension followed by a per-column affine map, as one differentiable op with
 * its backward written out: {@code dim = 1} normalises each row (layer norm), {@code dim = 0} each column (batch
 * norm). With fixed statistics (batch norm in evaluation) the map is affine in x. Written to allocate as few
 * full-size arrays as possible: two in the forward pass (the kept {@code xhat} and the output), two in the backward.
 */
final class Normalization {
    private Normalization() {
    }

    /**
     * {@code y = (x - mean) / sqrt(var + eps) * gamma + beta} for {@code x [M, F]}, with mean and biased variance taken
     * along {@code dim}, or the given {@code fixedMean}/{@code fixedVar} ({@code [F]}, used only with dim 0) when not
     * null. {@code gamma}/{@code beta} ({@code [F]}) may be null. {@code batchStats}, when not null, receives the
     * batch mean and biased variance as {@code [F]} arrays (for running statistics).
     */
    static Tensor apply(Tensor x, Tensor gamma, Tensor beta, int dim, double eps, INDArray fixedMean,
            INDArray fixedVar, INDArray[] batchStats) {
        INDArray v = x.data();
        if (dim == 0 && fixedMean == null && BatchNormTraining.applies(v)) {
            return BatchNormTraining.apply(x, gamma, beta, eps, batchStats);
        }
        long features = v.size(1);
        long count = v.size(dim);
        boolean fixed = fixedMean != null;
        INDArray mean;
        INDArray var;
        INDArray xhat;
        if (fixed) {
            mean = fixedMean.reshape(1, features).castTo(v.dataType());
            var = fixedVar.reshape(1, features).castTo(v.dataType());
            xhat = v.subRowVector(mean);
        } else {
            mean = v.mean(true, dim);
            xhat = sub(v, mean, dim);
            // biased variance = |x - mean|^2 / count, without a squared copy of the matrix
            var = Transforms.pow(xhat.norm2(true, dim), 2, false).divi(count);
        }
        if (batchStats != null) {
            batchStats[0] = mean.reshape(features);
            batchStats[1] = var.reshape(features);
        }
        INDArray rstd = Transforms.pow(var.add(eps), -0.5, false);
        muli(xhat, rstd, fixed ? 0 : dim);
        INDArray gammaRow = gamma == null ? null : gamma.data().reshape(1, features);
        INDArray out = gammaRow == null ? xhat.dup() : xhat.mulRowVector(gammaRow);
        if (beta != null) {
            out.addiRowVector(beta.data().reshape(1, features));
        }
        return Tensor.result(out, g -> {
            if (beta != null && beta.requiresGrad()) {
                beta.accumulateOwned(g.sum(0).reshape(beta.shape()));
            }
            boolean needGamma = gamma != null && gamma.requiresGrad();
            if (!needGamma && !x.requiresGrad()) {
                return;
            }
            // g xhat: dgamma's summand and, times gamma, the dxhat xhat of the standardisation's backward
            INDArray gx = needGamma || !fixed ? g.mul(xhat) : null;
            if (needGamma) {
                gamma.accumulateOwned(gx.sum(0).reshape(gamma.shape()));
            }
            if (!x.requiresGrad()) {
                return;
            }
            INDArray dxhat = gammaRow == null ? g.dup() : g.mulRowVector(gammaRow);
            if (fixed) {
                x.accumulateOwned(dxhat.muliRowVector(rstd));
                return;
            }
            // dx = rstd (dxhat - mean(dxhat) - xhat mean(dxhat xhat)), means along dim
            if (gammaRow != null) {
                gx.muliRowVector(gammaRow);
            }
            INDArray meanDxhat = dxhat.mean(true, dim);
            INDArray meanDxhatXhat = gx.mean(true, dim);
            INDArray correction = muli(gx.assign(xhat), meanDxhatXhat, dim);
            INDArray dx = sub(dxhat, meanDxhat, dim, true).subi(correction);
            x.accumulateOwned(muli(dx, rstd, dim));
        }, x, gamma, beta);
    }

    /** {@code a - stat}, broadcasting a statistic of shape [M, 1] (dim 1) or [1, F] (dim 0). */
    private static INDArray sub(INDArray a, INDArray stat, int dim) {
        return sub(a, stat, dim, false);
    }

    private static INDArray sub(INDArray a, INDArray stat, int dim, boolean inPlace) {
        if (dim == 1) {
            return inPlace ? a.subiColumnVector(stat) : a.subColumnVector(stat);
        }
        return inPlace ? a.subiRowVector(stat) : a.subRowVector(stat);
    }

    private static INDArray muli(INDArray a, INDArray stat, int dim) {
        return dim == 1 ? a.muliColumnVector(stat) : a.muliRowVector(stat);
    }
}
