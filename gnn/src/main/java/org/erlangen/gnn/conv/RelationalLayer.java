package org.erlangen.gnn.conv;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.random.RandomGenerator;
import org.erlangen.graph.Graph;
import org.erlangen.graph.RelationalGraph;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * R-GCN as a layer of a homogeneous model, registered as {@code rgcn}: it reads the relations from the graph's
 * {@link Graph#edgeTypes()} and keeps one weight per relation (no decomposition, PyG's default), a root weight and a
 * bias. The per-relation adjacency a graph needs is built once per graph and reused while the graph lives, so a
 * full-graph training builds it once.
 */
public final class RelationalLayer extends Module implements GraphLayer {
    private final RGCNConv conv;
    private final int relations;
    private final Map<Graph, RelationalGraph> byGraph = Collections.synchronizedMap(new WeakHashMap<>());

    public RelationalLayer(int in, int out, int relations, RandomGenerator random, DataType dtype) {
        if (relations < 1) {
            throw new IllegalArgumentException("R-GCN keeps weights per relation: the model config must give the "
                    + "number of relations, got " + relations);
        }
        this.relations = relations;
        this.conv = child("conv", new RGCNConv(in, out, relations, RGCNConv.Decomposition.NONE, 0, true, random,
                dtype));
    }

    @Override
    public Tensor forward(Graph graph, Tensor x) {
        if (graph.edgeTypes() == null && graph.numEdges() > 0) {
            throw new IllegalArgumentException("R-GCN needs each edge's relation: the graph has no edge types");
        }
        if (graph.edgeTypes() != null && graph.relationCount() != relations) {
            throw new IllegalArgumentException("the layer has " + relations + " relations, the graph's edge types "
                    + graph.relationCount());
        }
        RelationalGraph relational = byGraph.computeIfAbsent(graph, g -> RelationalGraph.of(g.numNodes(),
                relations, g.senders(), g.receivers(), g.edgeTypes() == null ? new int[0] : g.edgeTypes()));
        return conv.forward(relational, x);
    }
}
