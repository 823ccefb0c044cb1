package org.erlangen.gauge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.erlangen.nn.Init;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The most general linear map between feature types that commutes with every rotation (an intertwiner): order n
 * copies map only to order n copies; for order 0 any real matrix, for order n >= 1 a complex one, each (cos, sin)
 * pair mapping by {@code [[a, -b], [b, a]]}. Optional bias on the order-0 outputs only (a constant vector of order
 * n >= 1 would not be equivariant). The GEM convolution's self-interaction term, and the shortcut of a residual
 * block whose type changes.
 *
 * <p>Parameters: {@code w0} [m_in, m_out] and, for each order n >= 1 present on both sides, {@code w<n>} [2, m_in,
 * m_out] (real and imaginary parts); {@code bias} [m0_out].
 */
public final class EquivariantLinear extends Module implements GaugeLayer {
    private final Irreps in;
    private final Irreps out;
    private final List<Tensor> weights = new ArrayList<>();
    private final Assembly assembly;
    private final Tensor bias;
    private final Assembly biasAssembly;
    private final DataType dtype;

    /** Glorot-uniform weights scaled by {@code gain}, zero bias. */
    public EquivariantLinear(Irreps in, Irreps out, boolean useBias, double gain, RandomGenerator random,
            DataType dtype) {
        this.in = in;
        this.out = out;
        this.dtype = dtype;
        List<Integer> part = new ArrayList<>();
        List<Integer> element = new ArrayList<>();
        List<Integer> position = new ArrayList<>();
        List<Double> sign = new ArrayList<>();
        int dOut = out.dim();
        for (int n = 0; n <= Math.min(in.maxOrder(), out.maxOrder()); n++) {
            int mi = in.multiplicity(n);
            int mo = out.multiplicity(n);
            if (mi == 0 || mo == 0) {
                continue;
            }
            double bound = gain * Math.sqrt(6.0 / (mi + mo)) / (n == 0 ? 1 : Math.sqrt(2));
            int p = weights.size();
            if (n == 0) {
                weights.add(parameter("w0", Init.uniform(bound, random, dtype, mi, mo)));
            } else {
                weights.add(parameter("w" + n, Init.uniform(bound, random, dtype, 2, mi, mo)));
            }
            for (int i = 0; i < mi; i++) {
                int ci = in.column(n, i);
                for (int j = 0; j < mo; j++) {
                    int cj = out.column(n, j);
                    int a = i * mo + j;
                    if (n == 0) {
                        add(part, element, position, sign, p, a, ci * dOut + cj, 1);
                    } else {
                        int b = mi * mo + a;
                        add(part, element, position, sign, p, a, ci * dOut + cj, 1);
                        add(part, element, position, sign, p, a, (ci + 1) * dOut + cj + 1, 1);
                        add(part, element, position, sign, p, b, ci * dOut + cj + 1, 1);
                        add(part, element, position, sign, p, b, (ci + 1) * dOut + cj, -1);
                    }
                }
            }
        }
        assembly = new Assembly(new long[] {in.dim(), dOut}, ints(part), ints(element), ints(position),
                sign.stream().mapToDouble(Double::doubleValue).toArray());
        int m0 = out.multiplicity(0);
        if (useBias && m0 > 0) {
            bias = parameter("bias", Init.zeros(dtype, m0));
            int[] positions = new int[m0];
            int[] elements = new int[m0];
            double[] ones = new double[m0];
            for (int j = 0; j < m0; j++) {
                positions[j] = out.column(0, j);
                elements[j] = j;
                ones[j] = 1;
            }
            biasAssembly = new Assembly(new long[] {dOut}, new int[m0], elements, positions, ones);
        } else {
            bias = null;
            biasAssembly = null;
        }
    }

    private static void add(List<Integer> part, List<Integer> element, List<Integer> position, List<Double> sign,
            int p, int e, int pos, double s) {
        part.add(p);
        element.add(e);
        position.add(pos);
        sign.add(s);
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Irreps irrepsIn() {
        return in;
    }

    @Override
    public Irreps irrepsOut() {
        return out;
    }

    /** The dense [in.dim, out.dim] matrix the parameters stand for (y = x W). */
    public Tensor matrix() {
        return assembly.apply(weights, dtype);
    }

    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.size(1) != in.dim()) {
            throw new IllegalArgumentException("EquivariantLinear(" + in + " -> " + out + ") expects [N, " + in.dim()
                    + "], got " + Arrays.toString(x.shape()));
        }
        Tensor y;
        if (weights.isEmpty()) {
            y = Tensor.constant(Nd4j.zeros(x.dtype(), x.rows(), out.dim()));
        } else {
            y = Ops.matmul(x, assembly.apply(weights, x.dtype()));
        }
        return bias == null ? y : Ops.add(y, biasAssembly.apply(List.of(bias), x.dtype()));
    }

    /** Pointwise: the graph is not used. */
    @Override
    public Tensor forward(GaugeGraph graph, Tensor x) {
        return forward(x);
    }
}
