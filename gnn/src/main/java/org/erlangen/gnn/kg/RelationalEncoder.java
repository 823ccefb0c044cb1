package org.erlangen.gnn.kg;

import java.util.Random;
import org.erlangen.gnn.conv.RGCNConv;
import org.erlangen.graph.RelationalGraph;
import org.erlangen.nn.Module;
import org.erlangen.nn.ModuleList;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The R-GCN encoder of Schlichtkrull et al. (2018) for link prediction: each entity's embedding (the decoder's own
 * table) passed through R-GCN layers over the training triples and their inverses, ReLU between them, so that an
 * entity's vector also says what it is linked to. The relation weights are block-diagonal, as the paper's
 * FB15k-237 model has them, so a layer costs about {@code edges * dimension * dimension / blocks}; or sums of a few
 * shared bases, whose layer aggregates before it transforms and so holds no tensor of edges times dimension.
 */
public final class RelationalEncoder extends Module {
    private final ModuleList<RGCNConv> convs;
    private final RelationalGraph graph;

    /** Layers of {@code dimension} over {@code graph} (inverse relations included), with {@code blocks} blocks. */
    public RelationalEncoder(RelationalGraph graph, int dimension, int layers, int blocks, long seed, DataType dtype) {
        this(graph, dimension, layers, RGCNConv.Decomposition.BLOCK, blocks, seed, dtype);
    }

    /** Layers with relation weights decomposed as {@code decomposition} into {@code count} blocks or bases. */
    public RelationalEncoder(RelationalGraph graph, int dimension, int layers, RGCNConv.Decomposition decomposition,
            int count, long seed, DataType dtype) {
        if (layers < 1) {
            throw new IllegalArgumentException("an encoder needs at least one layer, got " + layers);
        }
        this.graph = graph;
        Random random = new Random(seed);
        convs = child("convs", new ModuleList<>());
        for (int l = 0; l < layers; l++) {
            convs.add(new RGCNConv(dimension, dimension, graph.relationCount(), decomposition, count, true, random,
                    dtype));
        }
    }

    /** The encoded entities [entities, dimension] from their embeddings. */
    public Tensor forward(Tensor embeddings) {
        Tensor h = embeddings;
        for (int l = 0; l < convs.size(); l++) {
            h = convs.get(l).forward(graph, h);
            if (l < convs.size() - 1) {
                h = Activations.relu(h);
            }
        }
        return h;
    }
}
