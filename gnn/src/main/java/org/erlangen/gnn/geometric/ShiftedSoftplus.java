package org.erlangen.gnn.geometric;

import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;

/** {@code softplus(x) - ln 2}, SchNet's activation: smooth, and 0 at 0 so an untrained network starts near zero. */
public final class ShiftedSoftplus {
    private static final double LN2 = Math.log(2.0);

    private ShiftedSoftplus() {
    }

    public static Tensor apply(Tensor x) {
        return Ops.add(Activations.softplus(x), -LN2);
    }
}
