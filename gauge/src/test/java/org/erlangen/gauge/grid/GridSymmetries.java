package org.erlangen.gauge.grid;

import java.util.Random;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Group;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The symmetries of a {@link PlaneGroup} acting on square images [B, C, n, n] for the test kit: an element turns (and
 * flips) every channel about the centre; on G-feature maps it also moves each channel's orientations
 * ({@link PlaneGroup#regularSource}).
 */
final class GridSymmetries implements Group<Tensor> {
    /** What the outputs are: G-feature maps, or maps that only turn (group-pooled, or a plain CNN's). */
    enum Output {
        FEATURE_MAPS, PLANAR
    }

    private final PlaneGroup group;
    private final Output output;

    GridSymmetries(PlaneGroup group, Output output) {
        this.group = group;
        this.output = output;
    }

    @Override
    public String name() {
        return group.name() + " on images, outputs " + output.name().toLowerCase().replace('_', ' ');
    }

    @Override
    public Element<Tensor> draw(Tensor input, Random random) {
        int g = 1 + random.nextInt(group.order() - 1); // not the identity, which proves nothing
        return Element.of(group.name() + " element " + g, x -> Tensor.constant(turn(x.data(), g, false)),
                y -> turn(y, g, output == Output.FEATURE_MAPS));
    }

    /** Every map of {@code a} [B, C, n, n] transformed by element g, and its orientations moved when asked. */
    INDArray turn(INDArray a, int g, boolean orientations) {
        int b = (int) a.size(0);
        int c = (int) a.size(1);
        int n = (int) a.size(2);
        if (a.size(3) != n) {
            throw new IllegalArgumentException("turning needs square maps, got " + a.size(2) + " x " + a.size(3));
        }
        int[] pixels = group.pixelSource(g, n);
        int order = group.order();
        int[] moved = group.regularSource(g);
        double[] in = a.dup('c').data().asDouble();
        double[] out = new double[in.length];
        for (int i = 0; i < b; i++) {
            for (int ch = 0; ch < c; ch++) {
                int from = orientations ? (ch / order) * order + moved[ch % order] : ch;
                for (int p = 0; p < n * n; p++) {
                    out[((i * c + ch) * n * n) + p] = in[((i * c + from) * n * n) + pixels[p]];
                }
            }
        }
        return Nd4j.create(out, a.shape(), 'c').castTo(a.dataType());
    }
}
