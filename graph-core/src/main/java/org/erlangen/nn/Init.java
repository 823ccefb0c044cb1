package org.erlangen.nn;

import java.util.random.RandomGenerator;
import org.erlangen.kernels.Termination;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Initial values for parameters, drawn from a caller-supplied generator so that a seed fixes the model. Weight
 * shapes are {@code [fanIn, fanOut]} (this project's layout, see {@link Linear}); values are filled in row-major
 * order, one draw per element, so the same generator state always gives the same array.
 */
public final class Init {
    /** The float type of parameters unless a caller asks for another. */
    public static final DataType DEFAULT_DTYPE = DataType.FLOAT;
    /** Draws between two termination checks, less one. */
    private static final int CHECK_MASK = (1 << 20) - 1;

    /** How {@link Linear} and other layers fill a weight. */
    public enum Scheme {
        /** Uniform in {@code ±sqrt(6 / (fanIn + fanOut))}: Glorot and Bengio, PyTorch's {@code xavier_uniform_}. */
        GLOROT_UNIFORM,
        /** Uniform in {@code ±sqrt(6 / fanIn)}: He et al. for ReLU, PyTorch's {@code kaiming_uniform_} with gain √2. */
        KAIMING_UNIFORM,
        /** All zeros. */
        ZEROS;

        public INDArray weight(long fanIn, long fanOut, RandomGenerator rng, DataType dtype) {
            return switch (this) {
                case GLOROT_UNIFORM -> glorotUniform(fanIn, fanOut, rng, dtype);
                case KAIMING_UNIFORM -> kaimingUniform(fanIn, fanOut, rng, dtype);
                case ZEROS -> zeros(dtype, fanIn, fanOut);
            };
        }
    }

    private Init() {
    }

    public static INDArray glorotUniform(long fanIn, long fanOut, RandomGenerator rng, DataType dtype) {
        checkFans(fanIn, fanOut);
        return uniform(Math.sqrt(6.0 / (fanIn + fanOut)), rng, dtype, fanIn, fanOut);
    }

    public static INDArray kaimingUniform(long fanIn, long fanOut, RandomGenerator rng, DataType dtype) {
        checkFans(fanIn, fanOut);
        return uniform(Math.sqrt(6.0 / fanIn), rng, dtype, fanIn, fanOut);
    }

    /** Independent draws from {@code U(-bound, bound)} in the given shape. */
    public static INDArray uniform(double bound, RandomGenerator rng, DataType dtype, long... shape) {
        if (!(bound >= 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("uniform bound must be finite and non-negative, got " + bound);
        }
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot initialise more than 2^31-1 values, shape has " + n);
        }
        double[] values = new double[(int) n];
        for (int i = 0; i < values.length; i++) {
            if ((i & CHECK_MASK) == 0) {
                Termination.check(); // a weight of a wide layer takes a while to draw
            }
            values[i] = bound * (2.0 * rng.nextDouble() - 1.0);
        }
        return Nd4j.createFromArray(values).reshape('c', shape).castTo(dtype);
    }

    public static INDArray zeros(DataType dtype, long... shape) {
        return Nd4j.zeros(dtype, shape);
    }

    private static void checkFans(long fanIn, long fanOut) {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException("weight dimensions must be positive, got [" + fanIn + ", " + fanOut
                    + "]");
        }
    }
}
