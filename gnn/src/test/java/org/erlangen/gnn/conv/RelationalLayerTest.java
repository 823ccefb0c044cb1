package org.erlangen.gnn.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.Layers;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.graph.RelationalGraph;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** R-GCN as a registered layer reading a graph's edge types: the same as RGCNConv, and permutation equivariant. */
class RelationalLayerTest {
    private static final int RELATIONS = 3;

    private static Graph typed(int n, int m, long seed, DataType dtype) {
        Graph g = RandomGraphs.of(n, m).nodeFeatures(4).seed(seed).build();
        int[] types = new Random(seed + 1).ints(g.numEdges(), 0, RELATIONS).toArray();
        return g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(dtype)).edgeTypes(types, RELATIONS).build();
    }

    @Test
    void computesWhatRgcnConvComputesOnTheGraphsRelations() {
        Graph g = typed(20, 70, 3, DataType.DOUBLE);
        RelationalLayer layer = new RelationalLayer(4, 5, RELATIONS, new Random(9), DataType.DOUBLE);
        RGCNConv conv = new RGCNConv(4, 5, RELATIONS, RGCNConv.Decomposition.NONE, 0, true, new Random(9),
                DataType.DOUBLE);
        RelationalGraph rg = RelationalGraph.of(g.numNodes(), RELATIONS, g.senders(), g.receivers(), g.edgeTypes());
        Tensor x = Tensor.constant(g.nodeFeatures());
        assertTrue(layer.forward(g, x).data().equalsWithEps(conv.forward(rg, x).data(), 1e-12));
        // edge types survive a batch of graphs, each graph's edges keeping their relations
        Graph other = typed(9, 20, 5, DataType.DOUBLE);
        GraphBatch batch = GraphBatch.of(List.of(g, other));
        assertEquals(RELATIONS, batch.graph().relationCount());
        var both = layer.forward(batch.graph(), Tensor.constant(batch.graph().nodeFeatures())).data();
        assertTrue(both.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 20),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).equalsWithEps(conv.forward(rg, x).data(), 1e-12));
    }

    @Test
    void isPermutationEquivariantInFloat32AndFloat64() {
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES), dtype -> {
            RelationalLayer layer = new RelationalLayer(4, 6, RELATIONS, new Random(7), dtype);
            return Case.of(typed(30, 120, 8, dtype), h -> layer.forward(h, Tensor.constant(h.nodeFeatures())))
                    .named("rgcn layer");
        });
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Graph g = typed(12, 40, 9, DataType.DOUBLE);
        RelationalLayer layer = new RelationalLayer(4, 3, RELATIONS, new Random(10), DataType.DOUBLE);
        GradCheck.checkParameters(layer, () -> layer.forward(g, Tensor.constant(g.nodeFeatures())));
        GradCheck.check(inputs -> layer.forward(g, inputs.get(0)), g.nodeFeatures());
    }

    @Test
    void aModelOfRgcnLayersNeedsItsRelationsAndTheGraphsEdgeTypes() {
        ModelConfig config = new ModelConfig("rgcn", "node", 4, 8, 2, 2, 0.0, "sum", 1);
        assertThrows(IllegalArgumentException.class, () -> new GnnModel(config, 1, DataType.DOUBLE),
                "no relations given");
        GnnModel model = new GnnModel(config.withRelations(RELATIONS), 1, DataType.DOUBLE);
        Graph untyped = RandomGraphs.of(10, 30).nodeFeatures(4).seed(2).build();
        var e = assertThrows(IllegalArgumentException.class, () -> model.nodes(untyped,
                Tensor.constant(untyped.nodeFeatures().castTo(DataType.DOUBLE))));
        assertTrue(e.getMessage().contains("no edge types"), e.getMessage());
        assertEquals(RELATIONS, ModelConfig.fromJson(config.withRelations(RELATIONS).toJson()).relations());
        assertTrue(Layers.relational("rgcn"));
        var other = assertThrows(IllegalArgumentException.class, () -> new ModelConfig("gcn", "node", 4, 8, 2, 2,
                0.0, "sum", 1).withRelations(2));
        assertTrue(other.getMessage().contains("relational layer"), other.getMessage());
    }
}
