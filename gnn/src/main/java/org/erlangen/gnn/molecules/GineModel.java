package org.erlangen.gnn.molecules;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.erlangen.gnn.conv.GINEConv;
import org.erlangen.graph.GraphBatch;
import org.erlangen.nn.BatchNorm;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.MLP;
import org.erlangen.nn.Module;
import org.erlangen.nn.ModuleList;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A 2D molecular property model over atom and bond features: a linear atom encoder, {@code layers} GINE convolutions
 * (Hu et al., 2020; bond features enter every message) each followed by batch norm, ReLU and a residual connection,
 * the sum and the mean of the atom states per molecule, and a two-layer head with dropout. One value per molecule.
 */
public final class GineModel extends Module {
    /** Widths and depth. */
    public record Config(int atomFeatures, int bondFeatures, int hidden, int layers, double dropout) {
        public Config {
            if (atomFeatures < 1 || bondFeatures < 1 || hidden < 1 || layers < 1) {
                throw new IllegalArgumentException("GINE model needs positive widths and at least 1 layer, got "
                        + this);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
        }

        /** The atom and bond features of {@link MolecularGraphs#graph2d}, width 128, 4 layers, dropout 0.1. */
        public static Config defaults() {
            return new Config(AtomFeatures.WIDTH, BondFeatures.WIDTH, 128, 4, 0.1);
        }
    }

    private final Config config;
    private final Linear encoder;
    private final ModuleList<GINEConv> convs;
    private final ModuleList<BatchNorm> norms;
    private final MLP head;

    public GineModel(Config config, long seed, DataType dtype) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        int h = config.hidden();
        encoder = child("encoder", new Linear(config.atomFeatures(), h, true, Init.Scheme.GLOROT_UNIFORM, rng,
                dtype));
        convs = child("convs", new ModuleList<>());
        norms = child("norms", new ModuleList<>());
        for (int i = 0; i < config.layers(); i++) {
            convs.add(new GINEConv(MLP.builder(h, h, h).seed(rng.nextLong()).dtype(dtype).build(), h,
                    config.bondFeatures(), 0.0, false, rng.nextLong()));
            norms.add(new BatchNorm(h, BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM, true, dtype));
        }
        // batch norm inside the head: summed atom states grow with molecule size and depth
        head = child("head", MLP.builder(2 * h, h, 1).norm(MLP.Norm.BATCH).dropout(config.dropout())
                .seed(rng.nextLong()).dtype(dtype)
                .build());
    }

    /** One value per molecule of the batch, {@code [B, 1]}, from its node and edge features. */
    public Tensor forward(GraphBatch batch) {
        var graph = batch.graph();
        if (graph.nodeFeatures() == null || graph.nodeFeatures().size(1) != config.atomFeatures()) {
            throw new IllegalArgumentException("GINE model expects " + config.atomFeatures() + " atom features per "
                    + "node, got " + (graph.nodeFeatures() == null ? "none"
                    : Arrays.toString(graph.nodeFeatures().shape())));
        }
        Tensor h = encoder.forward(Tensor.constant(graph.nodeFeatures()));
        Tensor bonds = Tensor.constant(graph.edgeFeatures());
        for (int i = 0; i < convs.size(); i++) {
            h = h.add(Activations.relu(norms.get(i).forward(convs.get(i).forward(graph, h, bonds))));
        }
        Tensor pooled = Shapes.concat(1, Sparse.segmentSum(h, batch.nodesPerGraph()),
                Sparse.segmentMean(h, batch.nodesPerGraph()));
        return head.forward(pooled);
    }

    public Config config() {
        return config;
    }
}
