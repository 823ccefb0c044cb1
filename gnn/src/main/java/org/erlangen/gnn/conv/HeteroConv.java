package org.erlangen.gnn.conv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.erlangen.graph.Graph;
import org.erlangen.graph.HeteroGraph;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;

/**
 * Any homogeneous layer run per edge type of a {@link HeteroGraph}, the results summed per target node type (PyG's
 * {@code HeteroConv} with {@code aggr="sum"}). Each edge type {@code (s)-[r]->(t)} gets its own layer, which runs on
 * the bipartite graph of its edges: the target type's nodes first, then the source type's, every edge from a source
 * node into a target node, so the first rows of the output are the targets' ({@link TargetedLayer} computes only
 * those). Source and target features must have the layer's input width. A node type that no edge type reaches gets
 * no output, as in PyG.
 */
public final class HeteroConv extends Module {
    private final Map<HeteroGraph.EdgeType, GraphLayer> layers = new LinkedHashMap<>();

    /**
     * A layer per edge type of {@code graph}, made by {@code layer} (for example
     * {@code t -> new SAGEConv(16, 16, random)}); each must be a {@link Module}.
     */
    public HeteroConv(HeteroGraph graph, Function<HeteroGraph.EdgeType, GraphLayer> layer) {
        int i = 0;
        for (HeteroGraph.EdgeType t : graph.edgeTypes()) {
            GraphLayer l = layer.apply(t);
            if (!(l instanceof Module m)) {
                throw new IllegalArgumentException("the layer for " + t + " is not a Module, so it has no parameters "
                        + "to train");
            }
            child("edge" + i++, m);
            layers.put(t, l);
        }
    }

    /**
     * Features per node type in, new features per target node type out.
     *
     * @throws IllegalArgumentException if a node type that an edge type needs has no features given
     */
    public Map<String, Tensor> forward(HeteroGraph graph, Map<String, Tensor> x) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<HeteroGraph.EdgeType, GraphLayer> e : layers.entrySet()) {
            HeteroGraph.EdgeType type = e.getKey();
            Tensor source = require(x, type.source(), type);
            Tensor target = require(x, type.target(), type);
            int targets = (int) target.rows();
            HeteroGraph.Edges edges = graph.edges(type);
            int[] senders = new int[edges.count()];
            for (int k = 0; k < senders.length; k++) {
                senders[k] = targets + edges.senders()[k];
            }
            Graph bipartite = Graph.builder(targets + (int) source.rows()).edges(senders, edges.receivers()).build();
            Tensor h = Shapes.concat(0, target, source);
            Tensor y = e.getValue() instanceof TargetedLayer t ? t.forward(bipartite, h, targets)
                    : Shapes.slice(e.getValue().forward(bipartite, h), 0, 0, targets);
            out.merge(type.target(), y, Ops::add);
        }
        return out;
    }

    private static Tensor require(Map<String, Tensor> x, String type, HeteroGraph.EdgeType edge) {
        Tensor t = x.get(type);
        if (t == null) {
            throw new IllegalArgumentException(edge + " needs features of node type '" + type + "'; given are "
                    + new ArrayList<>(x.keySet()));
        }
        return t;
    }

    /** The edge types, in order, each with its layer. */
    public List<HeteroGraph.EdgeType> edgeTypes() {
        return List.copyOf(layers.keySet());
    }
}
