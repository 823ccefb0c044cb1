package org.erlangen.tensor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Softmax and log-softmax along one dimension, shifted by the maximum for stability. */
public final class Softmax {
    private Softmax() {
    }

    public static Tensor softmax(Tensor x, int dim) {
        INDArray shifted = x.data().sub(x.data().max(true, dim));
        INDArray e = Transforms.exp(shifted, false);
        INDArray out = e.divi(e.sum(true, dim));
        return Tensor.result(out, g -> {
            // dx = y (g - sum(g y))
            INDArray gy = g.mul(out);
            x.accumulateOwned(gy.subi(out.mul(gy.sum(true, dim))));
        }, x);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        INDArray shifted = x.data().sub(x.data().max(true, dim));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, dim), false);
        INDArray out = shifted.subi(logSum);
        return Tensor.result(out, g -> {
            // dx = g - softmax * sum(g)
            INDArray softmax = Transforms.exp(out, true);
            x.accumulateOwned(softmax.muli(g.sum(true, dim)).rsubi(g));
        }, x);
    }
}
