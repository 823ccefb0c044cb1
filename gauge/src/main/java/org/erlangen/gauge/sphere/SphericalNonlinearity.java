package org.erlangen.gauge.sphere;

import java.util.function.UnaryOperator;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;

/**
 * A pointwise nonlinearity on the sphere applied between transforms: coefficients to grid values, the activation at
 * every grid point, back to coefficients of degree below B. Pointwise maps commute with rotations of continuous
 * functions, but the activation's output is not band-limited, and its degrees of B and above alias into the
 * quadrature; so the layer is equivariant only approximately, better as the bandwidth grows relative to the
 * degrees of the input (Cohen et al., Spherical CNNs, section 5).
 */
public final class SphericalNonlinearity {
    private final SphereTransforms transforms;
    private final UnaryOperator<Tensor> activation;

    public SphericalNonlinearity(SphereTransforms transforms, UnaryOperator<Tensor> activation) {
        if (transforms == null || activation == null) {
            throw new IllegalArgumentException("a spherical nonlinearity needs transforms and an activation, got "
                    + transforms + ", " + activation);
        }
        this.transforms = transforms;
        this.activation = activation;
    }

    /** ReLU on the grid of {@code transforms}. */
    public static SphericalNonlinearity relu(SphereTransforms transforms) {
        return new SphericalNonlinearity(transforms, Activations::relu);
    }

    public SphereTransforms transforms() {
        return transforms;
    }

    /** Coefficients [batch, channels, B^2] to coefficients [batch, channels, B^2]. */
    public Tensor forward(Tensor coefficients) {
        return transforms.analysis(activation.apply(transforms.synthesis(coefficients)));
    }
}
