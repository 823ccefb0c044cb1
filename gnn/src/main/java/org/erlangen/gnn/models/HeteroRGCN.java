package org.erlangen.gnn.models;

import java.util.Random;
import org.erlangen.gnn.conv.HeteroInput;
import org.erlangen.gnn.conv.RGCNConv;
import org.erlangen.graph.HeteroGraph;
import org.erlangen.graph.RelationalGraph;
import org.erlangen.nn.Module;
import org.erlangen.nn.ModuleList;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * R-GCN on a heterogeneous graph: each node type brought to the hidden width by its own input
 * ({@link HeteroInput}: a linear map of its features, or a learned vector per node), then relational layers over
 * every edge type and its inverse, ReLU between them, scores for every node from the last.
 */
public final class HeteroRGCN extends Module {
    private final HeteroInput input;
    private final ModuleList<RGCNConv> convs;

    /**
     * @param layers relational layers after the input
     * @param bases of the basis decomposition, 0 for a full weight per relation
     */
    public HeteroRGCN(HeteroGraph graph, int hidden, int layers, int outputs, int bases, long seed, DataType dtype) {
        if (layers < 1 || hidden < 1 || outputs < 1) {
            throw new IllegalArgumentException("HeteroRGCN needs layers, hidden and outputs >= 1, got " + layers
                    + ", " + hidden + ", " + outputs);
        }
        Random random = new Random(seed);
        input = child("input", new HeteroInput(graph, hidden, random, dtype));
        int relations = 2 * Math.max(1, graph.edgeTypes().size());
        convs = child("convs", new ModuleList<>());
        RGCNConv.Decomposition d = bases == 0 ? RGCNConv.Decomposition.NONE : RGCNConv.Decomposition.BASIS;
        for (int l = 0; l < layers; l++) {
            convs.add(new RGCNConv(hidden, l == layers - 1 ? outputs : hidden, relations, d, bases, true, random,
                    dtype));
        }
    }

    /** Scores [all nodes, outputs] in the relational numbering ({@link HeteroGraph#offset}). */
    public Tensor forward(HeteroGraph graph) {
        return forward(graph, graph.toRelational().withInverses());
    }

    /** The same, with the relational graph (inverses included) already made from {@code graph}. */
    public Tensor forward(HeteroGraph graph, RelationalGraph relational) {
        Tensor h = Activations.relu(input.forward(graph));
        for (int l = 0; l < convs.size(); l++) {
            h = convs.get(l).forward(relational, h);
            if (l < convs.size() - 1) {
                h = Activations.relu(h);
            }
        }
        return h;
    }
}
