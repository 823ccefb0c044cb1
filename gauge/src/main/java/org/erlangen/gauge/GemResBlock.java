package org.erlangen.gauge;

import java.util.random.RandomGenerator;
import org.erlangen.nn.Activation;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A residual block of the GEM-CNN reference: {@code y = act(conv2(act(conv1(x))) + shortcut(x))} with regular
 * nonlinearities, the shortcut the identity when the type stays and an {@link EquivariantLinear} map otherwise.
 * The output type must be regular ({@code Cx0+...+CxM}).
 */
public final class GemResBlock extends Module implements GaugeLayer {
    private final Irreps in;
    private final Irreps out;
    private final GemConv conv1;
    private final GemConv conv2;
    private final EquivariantLinear shortcut;
    private final RegularNonlinearity nonlinearity;

    public GemResBlock(Irreps in, Irreps out, RadialRings rings, int samples, Activation activation,
            RandomGenerator random, DataType dtype) {
        this.in = in;
        this.out = out;
        this.nonlinearity = new RegularNonlinearity(out, samples, activation);
        conv1 = child("conv1", new GemConv(in, out, rings, true, random, dtype));
        conv2 = child("conv2", new GemConv(out, out, rings, true, random, dtype));
        shortcut = in.equals(out) ? null
                : child("shortcut", new EquivariantLinear(in, out, false, 1, random, dtype));
    }

    @Override
    public Irreps irrepsIn() {
        return in;
    }

    @Override
    public Irreps irrepsOut() {
        return out;
    }

    @Override
    public Tensor forward(GaugeGraph graph, Tensor x) {
        Tensor h = nonlinearity.forward(conv1.forward(graph, x));
        h = conv2.forward(graph, h);
        Tensor skip = shortcut == null ? x : shortcut.forward(x);
        return nonlinearity.forward(Ops.add(h, skip));
    }
}
