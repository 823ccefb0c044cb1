package org.erlangen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks reverse-mode gradients against central finite differences, in float64.
 *
 * <p>The function may return a tensor of any shape; it is reduced to the scalar {@code phi = sum(out * R)} with a
 * fixed random projection {@code R} (standard normal, seed 1234), so every output element takes part. The analytic
 * gradient of phi comes from {@code out.backward(R)}; the numeric one perturbs each input element by {@code ±h}
 * ({@code h = 1e-6}) and takes {@code (phi(+h) - phi(-h)) / 2h}, evaluated without recording.
 *
 * <p>Error per input: {@code max|a - n| / max(1e-8, max|a| + max|n|)}, maxima over the input's elements, with
 * {@code a} analytic and {@code n} numeric. Normalising by the largest magnitudes rather than elementwise keeps tiny
 * components (true value 0, numeric noise 1e-11) from failing the check, while an error in any element still shows
 * at the scale of the whole gradient. An input whose analytic gradient never arrived (null) counts as zero.
 *
 * <p>The function is evaluated {@code 2 * elements + 1} times, so inputs should be small, and must be deterministic
 * (seed any RNG inside it). Inputs must avoid kinks (ReLU at 0, ties of max) by more than h.
 */
public final class GradCheck {
    public static final double H = 1e-6;
    public static final double TOLERANCE = 1e-6;
    private static final long PROJECTION_SEED = 1234;

    private GradCheck() {
    }

    /** Asserts that every input's error is at most {@link #TOLERANCE}. */
    public static void check(Function<List<Tensor>, Tensor> f, INDArray... inputs) {
        check(TOLERANCE, f, inputs);
    }

    public static void check(double tolerance, Function<List<Tensor>, Tensor> f, INDArray... inputs) {
        double[] errors = relativeErrors(f, inputs);
        for (int i = 0; i < errors.length; i++) {
            assertTrue(errors[i] <= tolerance, "gradient of input " + i + " (shape "
                    + Arrays.toString(inputs[i].shape()) + ") has relative error " + errors[i] + " > " + tolerance);
        }
    }

    /** The error of each input, as defined above. */
    public static double[] relativeErrors(Function<List<Tensor>, Tensor> f, INDArray... inputs) {
        INDArray[] base = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            base[i] = inputs[i].castTo(DataType.DOUBLE).dup('c');
        }
        List<Tensor> params = new ArrayList<>();
        for (INDArray b : base) {
            params.add(Tensor.parameter(b.dup('c')));
        }
        Tensor out = f.apply(params);
        assertEquals(DataType.DOUBLE, out.dtype(), "gradient checks run in float64");
        assertTrue(out.requiresGrad(), "the function's result does not depend on any input");
        INDArray projection = projection(out.shape());
        out.backward(projection);

        double[] errors = new double[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            INDArray g = params.get(i).grad();
            double[] analytic = g == null ? new double[(int) base[i].length()] : g.dup('c').data().asDouble();
            double[] numeric = numericGradient(f, base, i, projection);
            double maxDiff = 0;
            double maxA = 0;
            double maxN = 0;
            for (int j = 0; j < numeric.length; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(analytic[j] - numeric[j]));
                maxA = Math.max(maxA, Math.abs(analytic[j]));
                maxN = Math.max(maxN, Math.abs(numeric[j]));
            }
            errors[i] = maxDiff / Math.max(1e-8, maxA + maxN);
        }
        return errors;
    }

    /**
     * Checks the gradients of every parameter of {@code module} (which must hold float64 parameters) for the output
     * of {@code forward}, perturbing each parameter in place. Asserts each parameter's error is at most
     * {@link #TOLERANCE}, defined as for {@link #relativeErrors}.
     */
    public static void checkParameters(org.erlangen.nn.Module module, java.util.function.Supplier<Tensor> forward) {
        module.zeroGrad();
        Tensor out = forward.get();
        assertEquals(DataType.DOUBLE, out.dtype(), "gradient checks run in float64");
        INDArray projection = projection(out.shape());
        out.backward(projection);
        for (var entry : module.namedParameters().entrySet()) {
            INDArray value = entry.getValue().data();
            INDArray g = entry.getValue().grad();
            double maxDiff = 0;
            double maxA = 0;
            double maxN = 0;
            for (long j = 0; j < value.length(); j++) {
                double original = value.getDouble(j);
                value.putScalar(j, original + H);
                double plus = projected(forward, projection);
                value.putScalar(j, original - H);
                double minus = projected(forward, projection);
                value.putScalar(j, original);
                double numeric = (plus - minus) / (2 * H);
                double analytic = g == null ? 0.0 : g.getDouble(j);
                maxDiff = Math.max(maxDiff, Math.abs(analytic - numeric));
                maxA = Math.max(maxA, Math.abs(analytic));
                maxN = Math.max(maxN, Math.abs(numeric));
            }
            double error = maxDiff / Math.max(1e-8, maxA + maxN);
            assertTrue(error <= TOLERANCE, "gradient of parameter " + entry.getKey() + " has relative error " + error);
            assertTrue(maxA > 0, "parameter " + entry.getKey() + " received no gradient");
        }
        module.zeroGrad();
    }

    private static double projected(java.util.function.Supplier<Tensor> forward, INDArray projection) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return forward.get().data().castTo(DataType.DOUBLE).mul(projection).sumNumber().doubleValue();
        }
    }

    private static double[] numericGradient(Function<List<Tensor>, Tensor> f, INDArray[] base, int which,
            INDArray projection) {
        int n = (int) base[which].length();
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double original = base[which].getDouble(j);
            double plus = phi(f, base, which, j, original + H, projection);
            double minus = phi(f, base, which, j, original - H, projection);
            out[j] = (plus - minus) / (2 * H);
        }
        return out;
    }

    private static double phi(Function<List<Tensor>, Tensor> f, INDArray[] base, int which, int index, double value,
            INDArray projection) {
        List<Tensor> args = new ArrayList<>();
        for (int i = 0; i < base.length; i++) {
            INDArray a = base[i].dup('c');
            if (i == which) {
                a.putScalar(index, value);
            }
            args.add(Tensor.constant(a));
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            INDArray y = f.apply(args).data();
            return y.castTo(DataType.DOUBLE).mul(projection).sumNumber().doubleValue();
        }
    }

    private static INDArray projection(long[] shape) {
        Random rng = new Random(PROJECTION_SEED);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] r = new double[(int) n];
        for (int i = 0; i < r.length; i++) {
            r[i] = rng.nextGaussian();
        }
        return Nd4j.createFromArray(r).reshape('c', shape).dup('c');
    }

    /** Uniform random values in {@code [lo, hi)} with the given shape, float64. */
    public static INDArray uniform(Random rng, double lo, double hi, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] r = new double[(int) n];
        for (int i = 0; i < r.length; i++) {
            r[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return Nd4j.createFromArray(r).reshape('c', shape).dup('c');
    }

    /**
     * Distinct values at least 0.07 apart in random order, centred on 0 (spacing 0.1 plus jitter below 0.03): inputs
     * for max, min and other ops whose gradient depends on the order of values.
     */
    public static INDArray distinct(Random rng, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add((i - n / 2.0) * 0.1 + 0.03 * rng.nextDouble());
        }
        java.util.Collections.shuffle(values, rng);
        double[] r = values.stream().mapToDouble(Double::doubleValue).toArray();
        return Nd4j.createFromArray(r).reshape('c', shape).dup('c');
    }

    /** Values in {@code [lo, hi)} whose magnitude is at least {@code gap}, random signs: inputs for kinks at 0. */
    public static INDArray awayFromZero(Random rng, double gap, double hi, long... shape) {
        INDArray a = uniform(rng, gap, hi, shape);
        for (int i = 0; i < a.length(); i++) {
            if (rng.nextBoolean()) {
                a.putScalar(i, -a.getDouble(i));
            }
        }
        return a;
    }
}
