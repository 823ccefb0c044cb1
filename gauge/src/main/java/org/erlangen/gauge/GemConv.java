package org.erlangen.gauge;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.erlangen.nn.Init;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The gauge-equivariant mesh convolution of de Haan, Weiler, Cohen and Welling (ICLR 2021):
 *
 * <pre>
 *   out_p = K_self f_p + b + (1 / deg p) sum over edges q -> p of K(r_pq, theta_pq) rho_in(g_{q->p}) f_q
 * </pre>
 *
 * where every kernel satisfies the constraint {@code K(theta - g) = rho_out(-g) K(theta) rho_in(g)}, so the layer
 * is gauge equivariant. The neighbour kernel is used in its "rotate in, unconstrained linear map, rotate out" form:
 * the constraint at g = theta gives {@code K(theta) = rho_out(theta) K(0) rho_in(-theta)} with K(0) free, which
 * spans exactly the angular basis of the paper's Table 1 (four kernels per pair of orders n, m >= 1 at angular
 * frequencies m - n and m + n, two when one order is 0, one for 0 -> 0). So a message is computed as
 *
 * <pre>
 *   u = rho_in(g_{q->p} - theta_pq) f_q      (transport to p, then turn the edge direction onto p's x-axis)
 *   v = sum over rings k of w_k(r_pq) u W_k  (one matrix product with the stacked ring kernels)
 *   m = rho_out(theta_pq) v                  (turn back)
 * </pre>
 *
 * The radial dependence interpolates linearly between {@link RadialRings}; the self-interaction term is an
 * {@link EquivariantLinear} (intertwiner), which also holds the bias, on order-0 outputs only.
 *
 * <p>Parameters: {@code weight} [rings * in.dim, out.dim] (block k is ring k's K(0), acting on row vectors:
 * {@code v = u W}); {@code self.w0}, {@code self.w<n>}, {@code self.bias}.
 */
public final class GemConv extends Module implements GaugeLayer {
    private final Irreps in;
    private final Irreps out;
    private final RadialRings rings;
    private final Tensor weight;
    private final EquivariantLinear self;

    public GemConv(Irreps in, Irreps out, RadialRings rings, boolean bias, RandomGenerator random, DataType dtype) {
        this.in = in;
        this.out = out;
        this.rings = rings;
        // The neighbour and self terms add, so each gets half the variance of a Glorot-initialised layer.
        double bound = Math.sqrt(3.0 / (in.dim() + out.dim()));
        weight = parameter("weight", Init.uniform(bound, random, dtype, (long) rings.count() * in.dim(), out.dim()));
        self = child("self", new EquivariantLinear(in, out, bias, Math.sqrt(0.5), random, dtype));
    }

    /** Two rings ({@link RadialRings#defaults()}), bias, float32. */
    public GemConv(Irreps in, Irreps out, RandomGenerator random) {
        this(in, out, RadialRings.defaults(), true, random, DataType.FLOAT);
    }

    @Override
    public Irreps irrepsIn() {
        return in;
    }

    @Override
    public Irreps irrepsOut() {
        return out;
    }

    public RadialRings rings() {
        return rings;
    }

    /** The neighbour kernel K(0) per ring, stacked: [rings * in.dim, out.dim]. */
    public Tensor weight() {
        return weight;
    }

    /** The self-interaction term (with the bias). */
    public EquivariantLinear selfInteraction() {
        return self;
    }

    @Override
    public Tensor forward(GaugeGraph graph, Tensor x) {
        if (x.rank() != 2 || x.size(1) != in.dim() || x.rows() != graph.nodeCount()) {
            throw new IllegalArgumentException("GemConv(" + in + " -> " + out + ") expects features ["
                    + graph.nodeCount() + ", " + in.dim() + "], got " + Arrays.toString(x.shape()));
        }
        if (x.dtype() != weight.dtype()) {
            throw new IllegalArgumentException("GemConv parameters are " + weight.dtype() + " but features are "
                    + x.dtype());
        }
        Tensor selfTerm = self.forward(x);
        if (graph.edgeCount() == 0) {
            return selfTerm;
        }
        Csr adjacency = graph.adjacency();
        Tensor fq = Sparse.gatherCols(x, adjacency);
        Tensor expanded = RingExpansion.apply(fq, in, graph.transportIn(in.maxOrder()), graph.ringWeights(rings),
                rings.count());
        Tensor v = Ops.matmul(expanded, weight);
        Tensor m = IrrepRotation.apply(v, out, graph.rotateOut(out.maxOrder()));
        return Ops.add(Sparse.segmentSum(m, adjacency.rows()), selfTerm);
    }
}
