package org.erlangen.gnn.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Permutations;
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
        for (DataType dtype : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            double tolerance = dtype == DataType.FLOAT ? 1e-5 : 1e-10;
            Random random = new Random(3);
            Graph g = graph(30, 60, 4, dtype);
            int[] perm = Permutations.random(g.numNodes(), random);
            Graph h = Permutations.graph(g, perm, random);
            ElementLayer layer = new ElementLayer(4, 5, new Random(5), dtype);
            INDArray y = layer.forward(g, Tensor.constant(g.nodeFeatures())).data();
            INDArray yPermuted = layer.forward(h, Tensor.constant(h.nodeFeatures())).data();
            assertTrue(Permutations.rows(y, perm).equalsWithEps(yPermuted, tolerance), "not equivariant in " + dtype);

            GnnModel model = new GnnModel(new ModelConfig("deepsets", "graph", 4, 8, 2, 2, 0.0, "sum", 1), 6, dtype);
            model.eval();
            INDArray out = model.graphs(GraphBatch.of(List.of(g)), Tensor.constant(g.nodeFeatures())).data();
            INDArray outPermuted = model.graphs(GraphBatch.of(List.of(h)), Tensor.constant(h.nodeFeatures())).data();
            assertTrue(out.equalsWithEps(outPermuted, tolerance), "DeepSets model not invariant in " + dtype);
        }
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
