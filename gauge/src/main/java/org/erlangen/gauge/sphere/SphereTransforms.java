package org.erlangen.gauge.sphere;

import java.util.Arrays;
import org.erlangen.mesh.sphere.DriscollHealyGrid;
import org.erlangen.mesh.sphere.SphericalTransform;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The spherical harmonic transform of bandwidth B as differentiable tensor ops: signals on the Driscoll-Healy grid
 * [batch, channels, (2B)^2] to real coefficients [batch, channels, B^2] ({@link #analysis}) and back
 * ({@link #synthesis}). Both are products with constant matrices built once from mesh's {@link SphericalTransform}
 * (so layouts and conventions are mesh's: grid index {@code j * 2B + k}, coefficient index {@code l * l + l + m}):
 * analysis [grid, B^2] carries the quadrature weights, f_lm = sum_i w_i f(x_i) Y_lm(x_i); synthesis [B^2, grid]
 * evaluates f(x_i) = sum_lm f_lm Y_lm(x_i). Analysis after synthesis is the identity on coefficients; synthesis after
 * analysis projects a grid signal onto degrees below B (exactly for signals of degree below B).
 *
 * <p>Dense products cost O(B^4) per channel rather than mesh's separated O(B^3); for the bandwidths of a small
 * spherical CNN (B up to 32 or so) one matrix product is the simpler and faster path.
 */
public final class SphereTransforms {
    private final int bandwidth;
    private final DataType dtype;
    private final DriscollHealyGrid grid;
    private final Tensor analysis;
    private final Tensor synthesis;

    public SphereTransforms(int bandwidth, DataType dtype) {
        if (bandwidth < 1) {
            throw new IllegalArgumentException("bandwidth must be at least 1, got " + bandwidth);
        }
        if (dtype != DataType.DOUBLE && dtype != DataType.FLOAT) {
            throw new IllegalArgumentException("spherical transforms run in DOUBLE or FLOAT, not " + dtype);
        }
        this.bandwidth = bandwidth;
        this.dtype = dtype;
        grid = new DriscollHealyGrid(bandwidth);
        var transform = new SphericalTransform(grid);
        int points = grid.size();
        int coefficients = transform.coefficientCount();
        // row i of the analysis matrix is the forward transform of the i-th grid indicator, row lm of the
        // synthesis matrix the inverse transform of the lm-th coefficient indicator
        var a = new double[points][];
        var unit = new double[points];
        for (int i = 0; i < points; i++) {
            unit[i] = 1;
            a[i] = transform.forward(unit);
            unit[i] = 0;
        }
        var s = new double[coefficients][];
        var e = new double[coefficients];
        for (int c = 0; c < coefficients; c++) {
            e[c] = 1;
            s[c] = transform.inverse(e);
            e[c] = 0;
        }
        analysis = Tensor.constant(Nd4j.createFromArray(a).castTo(dtype));
        synthesis = Tensor.constant(Nd4j.createFromArray(s).castTo(dtype));
    }

    public int bandwidth() {
        return bandwidth;
    }

    public DataType dtype() {
        return dtype;
    }

    public DriscollHealyGrid grid() {
        return grid;
    }

    /** Number of grid points, (2B)^2. */
    public int gridSize() {
        return grid.size();
    }

    /** Number of coefficients, B^2. */
    public int coefficientCount() {
        return bandwidth * bandwidth;
    }

    /** Grid signals [batch, channels, (2B)^2] to coefficients [batch, channels, B^2]. */
    public Tensor analysis(Tensor signals) {
        return apply(signals, analysis, gridSize(), coefficientCount(), "grid signals");
    }

    /** Coefficients [batch, channels, B^2] to grid signals [batch, channels, (2B)^2]. */
    public Tensor synthesis(Tensor coefficients) {
        return apply(coefficients, synthesis, coefficientCount(), gridSize(), "coefficients");
    }

    private Tensor apply(Tensor x, Tensor matrix, int from, int to, String what) {
        if (x.rank() != 3 || x.size(2) != from) {
            throw new IllegalArgumentException("bandwidth " + bandwidth + " takes " + what + " [batch, channels, "
                    + from + "], got " + Arrays.toString(x.shape()));
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException("transforms built for " + dtype + " got a " + x.dtype() + " input");
        }
        long batch = x.size(0);
        long channels = x.size(1);
        return Shapes.reshape(Ops.matmul(Shapes.reshape(x, batch * channels, from), matrix), batch, channels, to);
    }
}
