package org.erlangen.gauge;

import org.erlangen.nn.Activation;
import org.erlangen.tensor.Tensor;

/**
 * A pointwise nonlinearity for features of type {@code Cx0+Cx1+...+CxM} (see {@link Irreps#regular}): each copy c
 * is read as the Fourier coefficients of a function on the circle, {@code f(phi) = a0 + sum_n (a_n cos n phi + b_n
 * sin n phi)}, sampled at N equally spaced angles (inverse Fourier transform), passed through the activation, and
 * transformed back to coefficients up to order M (least squares, exact for band-limited functions when N >= 2M+1).
 *
 * <p>A change of gauge by alpha shifts the function by alpha. For multiples of 2 pi / N that permutes the samples,
 * so the layer is exactly equivariant to those; for other angles the activation creates frequencies above M that
 * alias, and the layer is only approximately equivariant, with an error that shrinks as N grows.
 */
public final class RegularNonlinearity implements GaugeLayer {
    private final Irreps irreps;
    private final int samples;
    private final Activation activation;
    private final ChannelMap toSamples;
    private final ChannelMap toCoefficients;

    public RegularNonlinearity(Irreps irreps, int samples, Activation activation) {
        if (!irreps.isRegular()) {
            throw new IllegalArgumentException("a regular nonlinearity needs features Cx0+Cx1+...+CxM with the same "
                    + "number of copies of every order, got " + irreps);
        }
        int m = irreps.maxOrder();
        if (samples < 2 * m + 1) {
            throw new IllegalArgumentException(samples + " samples cannot resolve order " + m + "; need at least "
                    + (2 * m + 1));
        }
        this.irreps = irreps;
        this.samples = samples;
        this.activation = activation;
        int c = irreps.multiplicity(0);
        int j = 2 * m + 1;
        int[] slots = new int[c * j];
        int[] sampleCols = new int[c * samples];
        for (int ch = 0; ch < c; ch++) {
            slots[ch * j] = irreps.column(0, ch);
            for (int n = 1; n <= m; n++) {
                slots[ch * j + 2 * n - 1] = irreps.column(n, ch);
                slots[ch * j + 2 * n] = irreps.column(n, ch) + 1;
            }
            for (int k = 0; k < samples; k++) {
                sampleCols[ch * samples + k] = ch * samples + k;
            }
        }
        double[] synthesis = new double[j * samples];
        double[] analysis = new double[samples * j];
        for (int k = 0; k < samples; k++) {
            double phi = 2 * Math.PI * k / samples;
            synthesis[k] = 1;
            analysis[k * j] = 1.0 / samples;
            for (int n = 1; n <= m; n++) {
                synthesis[(2 * n - 1) * samples + k] = Math.cos(n * phi);
                synthesis[(2 * n) * samples + k] = Math.sin(n * phi);
                analysis[k * j + 2 * n - 1] = 2.0 / samples * Math.cos(n * phi);
                analysis[k * j + 2 * n] = 2.0 / samples * Math.sin(n * phi);
            }
        }
        toSamples = new ChannelMap(c, irreps.dim(), slots, j, synthesis, samples, c * samples, sampleCols);
        toCoefficients = new ChannelMap(c, c * samples, sampleCols, samples, analysis, j, irreps.dim(), slots);
    }

    /** ReLU. */
    public RegularNonlinearity(Irreps irreps, int samples) {
        this(irreps, samples, Activation.RELU);
    }

    public Tensor forward(Tensor x) {
        return toCoefficients.apply(activation.apply(toSamples.apply(x)));
    }

    @Override
    public Tensor forward(GaugeGraph graph, Tensor x) {
        return forward(x);
    }

    @Override
    public Irreps irrepsIn() {
        return irreps;
    }

    @Override
    public Irreps irrepsOut() {
        return irreps;
    }

    public int samples() {
        return samples;
    }

    public Activation activation() {
        return activation;
    }
}
