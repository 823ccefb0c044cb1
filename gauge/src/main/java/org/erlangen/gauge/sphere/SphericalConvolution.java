package org.erlangen.gauge.sphere;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.erlangen.nn.Init;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The S^2 -> S^2 convolution with zonal filters, on coefficients: out_{n, c', lm} = sum_c w[l, c', c] f_{n, c, lm}
 * (+ bias_{c'} when l = 0). By the convolution theorem, convolving with a filter symmetric about the pole multiplies
 * each degree by one number per channel pair (Driscoll and Healy; the zonal case of Cohen et al.'s S^2 convolution,
 * and e3nn's per-degree linear map). A rotation acts on degree l as D^l(R), which commutes with a scalar per degree
 * but not with anything that tells the orders m apart, so the map is exactly equivariant; for the same reason the bias
 * may touch degree 0 only (a constant function, the one invariant).
 *
 * <p>Shapes: coefficients [batch, channels, L^2] of any degree bound L up to the bandwidth B of the weight
 * [B, out, in]; the bias is [out].
 */
public final class SphericalConvolution extends Module {
    private final int bandwidth;
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * Each degree's [out, in] block drawn Glorot-uniform, U(±sqrt(6 / (in + out))): a degree's coefficients are mixed
     * by their own block alone, so each block is a dense layer of its own. The bias, when present, starts at zero.
     */
    public SphericalConvolution(int bandwidth, int in, int out, boolean bias, RandomGenerator random,
            DataType dtype) {
        if (bandwidth < 1 || in < 1 || out < 1) {
            throw new IllegalArgumentException("a spherical convolution needs bandwidth, in and out >= 1, got "
                    + bandwidth + ", " + in + ", " + out);
        }
        this.bandwidth = bandwidth;
        this.in = in;
        this.out = out;
        weight = parameter("weight", Init.uniform(Math.sqrt(6.0 / (in + out)), random, dtype, bandwidth, out, in));
        this.bias = bias ? parameter("bias", Init.zeros(dtype, out)) : null;
    }

    public int bandwidth() {
        return bandwidth;
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    /** [B, out, in]: entry [l, c', c] mixes channel c into c' at degree l. */
    public Tensor weight() {
        return weight;
    }

    /** [out], added to degree 0; null when the layer has none. */
    public Tensor bias() {
        return bias;
    }

    /** Coefficients [batch, in, L^2] to [batch, out, L^2], for L <= B. */
    public Tensor forward(Tensor coefficients) {
        int degrees = degreeBound(coefficients);
        long batch = coefficients.size(0);
        // [batch, L^2, in]: a degree's block is then contiguous rows of a matrix with in columns
        Tensor rows = Shapes.permute(coefficients, 0, 2, 1);
        var blocks = new Tensor[degrees];
        for (int l = 0; l < degrees; l++) {
            int orders = 2 * l + 1;
            Tensor block = Shapes.reshape(Shapes.slice(rows, 1, (long) l * l, (long) (l + 1) * (l + 1)),
                    batch * orders, in);
            Tensor mixing = Shapes.reshape(Shapes.slice(weight, 0, l, l + 1), out, in);
            blocks[l] = Shapes.reshape(Ops.matmulTransposed(block, mixing), batch, orders, out);
        }
        Tensor mixed = Shapes.permute(degrees == 1 ? blocks[0] : Shapes.concat(1, blocks), 0, 2, 1);
        if (bias == null) {
            return mixed;
        }
        var degreeZero = Nd4j.zeros(weight.dtype(), 1, 1, (long) degrees * degrees);
        degreeZero.putScalar(0, 1);
        return Ops.add(mixed, Ops.mul(Shapes.reshape(bias, 1, out, 1), Tensor.constant(degreeZero)));
    }

    private int degreeBound(Tensor x) {
        long n = x.rank() == 3 ? x.size(2) : -1;
        int degrees = (int) Math.round(Math.sqrt(Math.max(n, 0)));
        if (x.rank() != 3 || x.size(1) != in || (long) degrees * degrees != n || degrees < 1 || degrees > bandwidth) {
            throw new IllegalArgumentException("the spherical convolution takes coefficients [batch, " + in
                    + ", L^2] with 1 <= L <= " + bandwidth + ", got " + Arrays.toString(x.shape()));
        }
        return degrees;
    }
}
