package org.erlangen.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two sides of one symmetry check: {@code actual = f(g.x)} and {@code expected = g.f(x)} (or {@code f(x)} for
 * an invariance), with the group and element that produced them. Approximate layers read their own measure of the
 * error from the two arrays; {@link #assertWithin} is the assertion every exact check ends in.
 */
public record Comparison(String property, String group, String element, long seed, String label, INDArray expected,
        INDArray actual) {

    /** The largest entry difference under the rule of the checks (absolute, or relative above magnitude 1). */
    public double worst() {
        return worstEntry(Tolerance.FLOAT64)[1];
    }

    /** The largest absolute entry difference (NaN counts as infinite). */
    public double worstAbsolute() {
        return worstEntry(Tolerance.absolute(0))[1];
    }

    /** Fails, naming the group, the element, its seed, the data type and the worst entry, unless every entry passes. */
    public void assertWithin(Tolerance tolerance) {
        double[] worst = worstEntry(tolerance);
        if (!(worst[1] <= tolerance.bound())) {
            int at = (int) worst[0];
            fail(header() + ": worst entry " + Arrays.toString(index(at, actual.shape())) + " is " + values(actual)[at]
                    + " in f(g.x) but " + values(expected)[at] + " in " + (property.equals("invariant") ? "f(x)"
                    : "g.f(x)") + ", off by " + worst[1] + " > tolerance " + tolerance);
        }
    }

    private void requireSameShape() {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            fail(header() + ": f(g.x) has shape " + Arrays.toString(actual.shape()) + " but the other side has "
                    + Arrays.toString(expected.shape()));
        }
    }

    private String header() {
        return label + " is not " + property + " under " + group + " in " + actual.dataType() + " (element: "
                + element + "; seed " + seed + ")";
    }

    /** {index of the worst entry, its difference under the tolerance's rule}. */
    private double[] worstEntry(Tolerance rule) {
        requireSameShape();
        double[] e = values(expected);
        double[] a = values(actual);
        double[] worst = {0, 0};
        for (int i = 0; i < e.length; i++) {
            double d = rule.error(e[i], a[i]);
            if (d > worst[1]) {
                worst[0] = i;
                worst[1] = d;
            }
        }
        return worst;
    }

    private static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static long[] index(long flat, long[] shape) {
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
