package org.erlangen.gnn.geometric;

import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The smooth cutoff {@code 0.5 (cos(pi d / rc) + 1)} for {@code d < rc}, 0 beyond (Behler; SchNetPack). Its value and
 * slope both vanish at {@code rc}, so a pair entering or leaving the cutoff sphere changes an energy continuously.
 */
public final class CosineCutoff {
    private final double radius;

    public CosineCutoff(double radius) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("cutoff radius must be positive and finite, got " + radius);
        }
        this.radius = radius;
    }

    /** The cutoff of every distance, same shape and data type. */
    public Tensor apply(Tensor distances) {
        INDArray d = distances.data();
        INDArray inside = d.lt(radius).castTo(d.dataType());
        INDArray angle = d.mul(Math.PI / radius);
        INDArray out = Transforms.cos(angle, true).addi(1.0).muli(0.5).muli(inside);
        return Tensor.result(out, g -> distances.accumulateOwned(
                Transforms.sin(angle, true).muli(-0.5 * Math.PI / radius).muli(inside).muli(g)), distances);
    }

    public double radius() {
        return radius;
    }
}
