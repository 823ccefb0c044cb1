package org.erlangen.gauge.sphere;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A small rotation-invariant spherical CNN at one bandwidth B: analysis of the grid signal, zonal convolution, ReLU
 * on the grid, zonal convolution, ReLU on the grid, the power per degree of each channel (invariant), and a linear
 * head on the [hidden * B] power features. The convolutions and the pooling are exact; the grid ReLUs make the logits
 * invariant up to their aliasing (see {@link SphericalNonlinearity}).
 */
public final class SphericalCnn extends Module {
    private final SphereTransforms transforms;
    private final SphericalNonlinearity relu;
    private final SphericalConvolution first;
    private final SphericalConvolution second;
    private final Linear head;
    private final int in;
    private final int hidden;

    public SphericalCnn(int bandwidth, int in, int hidden, int classes, RandomGenerator random, DataType dtype) {
        if (in < 1 || hidden < 1 || classes < 1) {
            throw new IllegalArgumentException("a spherical CNN needs in, hidden and classes >= 1, got " + in + ", "
                    + hidden + ", " + classes);
        }
        this.in = in;
        this.hidden = hidden;
        transforms = new SphereTransforms(bandwidth, dtype);
        relu = SphericalNonlinearity.relu(transforms);
        first = child("first", new SphericalConvolution(bandwidth, in, hidden, true, random, dtype));
        second = child("second", new SphericalConvolution(bandwidth, hidden, hidden, true, random, dtype));
        head = child("head", new Linear(hidden * bandwidth, classes, true, Init.Scheme.GLOROT_UNIFORM, random,
                dtype));
    }

    public SphereTransforms transforms() {
        return transforms;
    }

    /** Grid signals [batch, in, (2B)^2] to logits [batch, classes]. */
    public Tensor forward(Tensor signals) {
        return forwardCoefficients(transforms.analysis(signals));
    }

    /** Coefficients [batch, in, B^2] to logits [batch, classes]. */
    public Tensor forwardCoefficients(Tensor coefficients) {
        if (coefficients.rank() != 3 || coefficients.size(1) != in) {
            throw new IllegalArgumentException("the spherical CNN takes " + in + " input channels, got shape "
                    + Arrays.toString(coefficients.shape()));
        }
        Tensor features = relu.forward(second.forward(relu.forward(first.forward(coefficients))));
        Tensor power = DegreePower.power(features);
        return head.forward(Shapes.reshape(power, coefficients.size(0), (long) hidden * transforms.bandwidth()));
    }
}
