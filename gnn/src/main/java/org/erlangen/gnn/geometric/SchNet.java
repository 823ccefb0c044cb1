package org.erlangen.gnn.geometric;

import java.util.SplittableRandom;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.nn.ModuleList;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * SchNet (Schütt et al., NeurIPS 2017; J. Chem. Phys. 148, 241722, 2018), laid out as PyTorch Geometric's
 * {@code SchNet}: atom type embedding, {@code interactions} blocks of continuous-filter convolutions with residual
 * updates, an atom-wise output network, and the sum of atom energies per molecule.
 *
 * <p>Each block computes filters {@code W_ij = dense(ssp(dense(rbf(d_ij)))) * C(d_ij)} with Gaussian radial basis
 * functions and the cosine cutoff (once per atom pair, as {@code W_ij = W_ji}), convolves
 * {@code m_i = sum_j lin1(h)_j * W_ij} over the edges into atom i, and adds {@code lin3(ssp(lin2(m_i)))} to {@code h_i}. Distances are computed from the positions tensor, so the energy
 * is invariant to rotations, translations and atom order, and differentiable with respect to the positions.
 */
public final class SchNet extends Module implements EnergyModel {
    /** Widths and ranges of a SchNet. */
    public record Config(int atomTypes, int hidden, int filters, int gaussians, int interactions, double cutoff) {
        public Config {
            if (atomTypes < 1 || hidden < 2 || filters < 1 || gaussians < 2 || interactions < 1) {
                throw new IllegalArgumentException("SchNet needs at least 1 atom type, hidden width 2, 1 filter, "
                        + "2 Gaussians and 1 interaction, got " + this);
            }
            if (!(cutoff > 0) || Double.isInfinite(cutoff)) {
                throw new IllegalArgumentException("SchNet cutoff must be positive and finite, got " + cutoff);
            }
        }

        /** 64 features and filters, 25 Gaussians, 3 interactions, 5 Å cutoff. */
        public static Config defaults(int atomTypes) {
            return new Config(atomTypes, 64, 64, 25, 3, 5.0);
        }
    }

    private final Config config;
    private final Tensor embedding;
    private final ModuleList<Interaction> interactions;
    private final Linear out1;
    private final Linear out2;
    private final GaussianRbf rbf;
    private final CosineCutoff cutoff;

    public SchNet(Config config, long seed, DataType dtype) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        // unit variance, like torch.nn.Embedding's N(0, 1)
        this.embedding = parameter("embedding", Init.uniform(Math.sqrt(3), rng, dtype, config.atomTypes(),
                config.hidden()));
        this.interactions = child("interactions", new ModuleList<>());
        for (int i = 0; i < config.interactions(); i++) {
            interactions.add(new Interaction(config, rng, dtype));
        }
        int half = Math.max(1, config.hidden() / 2);
        this.out1 = child("out1", new Linear(config.hidden(), half, true, Init.Scheme.GLOROT_UNIFORM, rng, dtype));
        this.out2 = child("out2", new Linear(half, 1, true, Init.Scheme.GLOROT_UNIFORM, rng, dtype));
        this.rbf = new GaussianRbf(0.0, config.cutoff(), config.gaussians());
        this.cutoff = new CosineCutoff(config.cutoff());
    }

    @Override
    public Tensor energy(GraphBatch batch, Tensor positions) {
        return Sparse.segmentSum(atomEnergies(batch.graph(), positions), batch.nodesPerGraph());
    }

    /** The contribution of every atom, {@code [N, 1]}. */
    public Tensor atomEnergies(Graph graph, Tensor positions) {
        Tensor h = Sparse.indexSelect(embedding, AtomTypeIndex.of(graph, config.atomTypes()));
        // filters depend on the distance alone, which both directions of an atom pair share: compute them per pair
        AtomPairs pairs = AtomPairs.of(graph.adjacency());
        Tensor distances = Sparse.indexSelect(EdgeGeometry.of(graph, positions).distances(), pairs.representative());
        Tensor basis = rbf.expand(distances);
        Tensor envelope = cutoff.apply(distances);
        for (Interaction block : interactions) {
            h = block.forward(graph, pairs, h, basis, envelope);
        }
        return out2.forward(ShiftedSoftplus.apply(out1.forward(h)));
    }

    @Override
    public int atomTypes() {
        return config.atomTypes();
    }

    public Config config() {
        return config;
    }

    /** One interaction block: continuous-filter convolution and an atom-wise residual update. */
    static final class Interaction extends Module {
        private final Linear filter1;
        private final Linear filter2;
        private final Linear lin1;
        private final Linear lin2;
        private final Linear lin3;

        Interaction(Config c, SplittableRandom rng, DataType dtype) {
            Init.Scheme glorot = Init.Scheme.GLOROT_UNIFORM;
            filter1 = child("filter1", new Linear(c.gaussians(), c.filters(), true, glorot, rng, dtype));
            filter2 = child("filter2", new Linear(c.filters(), c.filters(), true, glorot, rng, dtype));
            lin1 = child("lin1", new Linear(c.hidden(), c.filters(), false, glorot, rng, dtype));
            lin2 = child("lin2", new Linear(c.filters(), c.hidden(), true, glorot, rng, dtype));
            lin3 = child("lin3", new Linear(c.hidden(), c.hidden(), true, glorot, rng, dtype));
        }

        Tensor forward(Graph graph, AtomPairs pairs, Tensor h, Tensor basis, Tensor envelope) {
            Tensor w = filter2.forward(ShiftedSoftplus.apply(filter1.forward(basis)));
            Tensor m = FilterConvolution.apply(graph.adjacency(), pairs.pairOf(), lin1.forward(h), w, envelope);
            return h.add(lin3.forward(ShiftedSoftplus.apply(lin2.forward(m))));
        }
    }
}
