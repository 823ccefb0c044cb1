package org.erlangen.gnn.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.BatchPermutations;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ElementLayerTest {
    private static Graph graph(int n, int m, long seed, DataType dtype) {
        Graph g = RandomGraphs.of(n, m).nodeFeatures(4).seed(seed).build();
        return g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(dtype)).build();
    }

    @Test
    void ignoresEdges() {
        Graph g = graph(10, 30, 1, DataType.DOUBLE);
        Graph noEdges = Graph.builder(10).nodeFeatures(g.nodeFeatures()).build();
        ElementLayer layer = new ElementLayer(4, 3, new Random(2), DataType.DOUBLE);
        INDArray a = layer.forward(g, Tensor.constant(g.nodeFeatures())).data();
        INDArray b = layer.forward(noEdges, Tensor.constant(g.nodeFeatures())).data();
        assertEquals(a, b);
    }

    @Test
    void isPermutationEquivariantAndTheDeepSetsModelInvariant() {
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES), dtype -> {
            ElementLayer layer = new ElementLayer(4, 5, new Random(5), dtype);
            return Case.of(graph(30, 60, 4, dtype), h -> layer.forward(h, Tensor.constant(h.nodeFeatures())));
        });
        Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.GRAPHS), dtype -> {
            GnnModel model = new GnnModel(new ModelConfig("deepsets", "graph", 4, 8, 2, 2, 0.0, "sum", 1), 6, dtype);
            model.eval();
            GraphBatch batch = GraphBatch.of(List.of(graph(30, 60, 4, dtype), graph(12, 20, 8, dtype)));
            return Case.of(batch, b -> model.graphs(b, Tensor.constant(b.graph().nodeFeatures())))
                    .named("the DeepSets model");
        });
    }

    @Test
    void refusesAnInputOfTheWrongLength() {
        Graph g = graph(10, 20, 7, DataType.DOUBLE);
        ElementLayer layer = new ElementLayer(4, 3, new Random(8), DataType.DOUBLE);
        Graph smaller = graph(9, 20, 7, DataType.DOUBLE);
        assertThrows(IllegalArgumentException.class, () -> layer.forward(smaller, Tensor.constant(g.nodeFeatures())));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Graph g = graph(8, 20, 9, DataType.DOUBLE);
        ElementLayer layer = new ElementLayer(4, 3, new Random(10), DataType.DOUBLE);
        Tensor x = Tensor.constant(g.nodeFeatures());
        GradCheck.checkParameters(layer, () -> layer.forward(g, x));
        GradCheck.check(inputs -> layer.forward(g, inputs.get(0)), g.nodeFeatures());
    }
}
