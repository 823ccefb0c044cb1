package org.erlangen.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks shared by the optimizers. */
final class ParamState {
    private ParamState() {
    }

    /** A copy of the list, refusing duplicates, non-trainable tensors and an empty list. */
    static List<Tensor> checkedParameters(List<Tensor> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (!p.requiresGrad() || !p.isLeaf()) {
                throw new IllegalArgumentException("parameter " + i + " is not a trainable leaf tensor");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException("parameter " + i + " appears twice in the parameter list");
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(params));
    }

    static void checkGrad(Tensor p, int index) {
        INDArray g = p.grad();
        if (!Arrays.equals(g.shape(), p.shape())) {
            throw new IllegalStateException("gradient of parameter " + index + " has shape "
                    + Arrays.toString(g.shape()) + ", parameter has " + Arrays.toString(p.shape()));
        }
    }

    static double checkLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and non-negative, got " + lr);
        }
        return lr;
    }

    static double checkNonNegative(double v, String what) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and non-negative, got " + v);
        }
        return v;
    }

    static void zeroGrad(List<Tensor> params) {
        params.forEach(Tensor::zeroGrad);
    }
}
