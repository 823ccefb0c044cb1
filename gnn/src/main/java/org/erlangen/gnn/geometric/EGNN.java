package org.erlangen.gnn.geometric;

import java.util.SplittableRandom;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.nn.ModuleList;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * E(n)-equivariant graph neural network (Satorras, Hoogeboom and Welling, ICML 2021) for molecular energies. Each
 * layer updates invariant atom features {@code h} and coordinates {@code x}:
 * <pre>
 * m_ij = phi_e(h_i, h_j, rbf(d_ij)) * C(d_ij)
 * x_i' = x_i + sum_j (x_i - x_j) / (d_ij + 1) * phi_x(m_ij)
 * h_i' = h_i + phi_h(h_i, sum_j m_ij)
 * </pre>
 * with {@code d_ij} measured on the layer's input coordinates, a Gaussian basis instead of the paper's squared
 * distance, and the normalised difference of the authors' code (divided by {@code d + 1}) to keep updates bounded.
 * The cosine cutoff makes messages vanish smoothly at the graph's cutoff. Features stay invariant and coordinates
 * move with any rotation, reflection and translation of the input; the energy is the sum of an atom-wise readout
 * of the last features.
 */
public final class EGNN extends Module implements EnergyModel {
    /** Widths and ranges of an EGNN. */
    public record Config(int atomTypes, int hidden, int layers, int gaussians, double cutoff) {
        public Config {
            if (atomTypes < 1 || hidden < 1 || layers < 1 || gaussians < 2) {
                throw new IllegalArgumentException("EGNN needs at least 1 atom type, width 1, 1 layer and 2 "
                        + "Gaussians, got " + this);
            }
            if (!(cutoff > 0) || Double.isInfinite(cutoff)) {
                throw new IllegalArgumentException("EGNN cutoff must be positive and finite, got " + cutoff);
            }
        }

        /** 64 features, 4 layers, 25 Gaussians, 5 Å cutoff. */
        public static Config defaults(int atomTypes) {
            return new Config(atomTypes, 64, 4, 25, 5.0);
        }
    }

    /**
     * What a forward pass gives.
     *
     * @param energy per molecule, {@code [B, 1]}
     * @param positions the last layer's coordinates, {@code [N, 3]} (equivariant)
     * @param displacements {@code positions - input positions}, {@code [N, 3]}: vector features that rotate with the
     *     input and do not move with a translation
     * @param features the last layer's atom features, {@code [N, hidden]} (invariant)
     */
    public record Output(Tensor energy, Tensor positions, Tensor displacements, Tensor features) {
    }

    private final Config config;
    private final Tensor embedding;
    private final ModuleList<Layer> layers;
    private final Linear out1;
    private final Linear out2;

    public EGNN(Config config, long seed, DataType dtype) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        this.embedding = parameter("embedding", Init.uniform(Math.sqrt(3), rng, dtype, config.atomTypes(),
                config.hidden()));
        this.layers = child("layers", new ModuleList<>());
        GaussianRbf rbf = new GaussianRbf(0.0, config.cutoff(), config.gaussians());
        CosineCutoff cutoff = new CosineCutoff(config.cutoff());
        for (int i = 0; i < config.layers(); i++) {
            layers.add(new Layer(config, rbf, cutoff, rng, dtype));
        }
        this.out1 = child("out1", new Linear(config.hidden(), config.hidden(), true, Init.Scheme.GLOROT_UNIFORM, rng,
                dtype));
        this.out2 = child("out2", new Linear(config.hidden(), 1, true, Init.Scheme.GLOROT_UNIFORM, rng, dtype));
    }

    public Output forward(GraphBatch batch, Tensor positions) {
        Graph graph = batch.graph();
        Tensor h = Sparse.indexSelect(embedding, AtomTypeIndex.of(graph, config.atomTypes()));
        Tensor x = positions;
        for (Layer layer : layers) {
            Tensor[] hx = layer.forward(graph, h, x);
            h = hx[0];
            x = hx[1];
        }
        Tensor atomEnergies = out2.forward(Activations.silu(out1.forward(h)));
        Tensor energy = Sparse.segmentSum(atomEnergies, batch.nodesPerGraph());
        return new Output(energy, x, Ops.sub(x, positions), h);
    }

    public Output forward(GraphBatch batch) {
        return forward(batch, Tensor.constant(batch.graph().positions()));
    }

    @Override
    public Tensor energy(GraphBatch batch, Tensor positions) {
        return forward(batch, positions).energy();
    }

    @Override
    public int atomTypes() {
        return config.atomTypes();
    }

    public Config config() {
        return config;
    }

    /** One equivariant layer; the first edge and node maps are split by input so each product runs per atom. */
    static final class Layer extends Module {
        /** Xavier gain of the coordinate head's last weight in the authors' code: coordinates start almost still. */
        static final double COORDINATE_GAIN = 0.001;

        private final GaussianRbf rbf;
        private final CosineCutoff cutoff;
        private final Linear edgeReceiver;
        private final Linear edgeSender;
        private final Linear edgeDistance;
        private final Linear edge2;
        private final Linear coord1;
        private final Linear coord2;
        private final Linear nodeSelf;
        private final Linear nodeMessages;
        private final Linear node2;

        Layer(Config c, GaussianRbf rbf, CosineCutoff cutoff, SplittableRandom rng, DataType dtype) {
            this.rbf = rbf;
            this.cutoff = cutoff;
            Init.Scheme glorot = Init.Scheme.GLOROT_UNIFORM;
            int h = c.hidden();
            edgeReceiver = child("edge_receiver", new Linear(h, h, true, glorot, rng, dtype));
            edgeSender = child("edge_sender", new Linear(h, h, false, glorot, rng, dtype));
            edgeDistance = child("edge_distance", new Linear(c.gaussians(), h, false, glorot, rng, dtype));
            edge2 = child("edge2", new Linear(h, h, true, glorot, rng, dtype));
            coord1 = child("coord1", new Linear(h, h, true, glorot, rng, dtype));
            coord2 = child("coord2", new Linear(h, 1, false, glorot, rng, dtype));
            coord2.weight().data().muli(COORDINATE_GAIN);
            nodeSelf = child("node_self", new Linear(h, h, true, glorot, rng, dtype));
            nodeMessages = child("node_messages", new Linear(h, h, false, glorot, rng, dtype));
            node2 = child("node2", new Linear(h, h, true, glorot, rng, dtype));
        }

        /** The new features and coordinates. */
        Tensor[] forward(Graph graph, Tensor h, Tensor x) {
            Csr adjacency = graph.adjacency();
            EdgeGeometry geometry = EdgeGeometry.of(graph, x);
            Tensor d = geometry.distances();
            Tensor pre = Sparse.expand(edgeReceiver.forward(h), adjacency.rows())
                    .add(Sparse.gatherCols(edgeSender.forward(h), adjacency))
                    .add(edgeDistance.forward(rbf.expand(d)));
            Tensor m = Activations.silu(edge2.forward(Activations.silu(pre))).mul(cutoff.apply(d));

            Tensor weight = coord2.forward(Activations.silu(coord1.forward(m)));
            Tensor step = Ops.div(geometry.relative(), Ops.add(d, 1.0)).mul(weight);
            Tensor xNext = x.add(Sparse.segmentSum(step, adjacency.rows()));

            Tensor aggregated = Sparse.segmentSum(m, adjacency.rows());
            Tensor update = node2.forward(Activations.silu(nodeSelf.forward(h).add(nodeMessages.forward(aggregated))));
            return new Tensor[] {h.add(update), xNext};
        }
    }
}
