package org.erlangen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.Layers;
import org.erlangen.gnn.models.LayerwiseInference;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/** Distributed layer-wise inference on local Spark equals single-machine layer-wise inference. */
class DistributedInferenceTest extends OnLocalSpark {
    /** The largest difference between Spark's outputs and one machine's, row by row through the ids. */
    static double maxAbsDiff(GeneratedGraph g, JavaPairRDD<Long, float[]> outputs, INDArray expected) {
        Map<Long, float[]> byId = outputs.collectAsMap();
        assertEquals(g.nodes(), byId.size(), "a row for every node");
        double worst = 0;
        for (int v = 0; v < g.nodes(); v++) {
            float[] row = byId.get(g.id(v));
            for (int c = 0; c < row.length; c++) {
                worst = Math.max(worst, Math.abs(row[c] - expected.getDouble(v, c)));
            }
        }
        return worst;
    }

    @Test
    void distributedInferenceEqualsLayerwiseInferenceForGcnSageAndGin() throws Exception {
        var g = new GeneratedGraph(400, 2500, 6, 3, 11, 3);
        Graph local = g.toGraph(DataType.FLOAT);
        SparkGraph distributed = g.toSpark(sc);
        for (String layer : List.of("gcn", "sage", "gin")) {
            var config = new ModelConfig(layer, "node", 6, 16, 3, 2, 0.0, "sum", 1, 1.5).withFeatureScaling(true);
            var model = new GnnModel(config, 3, DataType.FLOAT);
            model.fitFeatureScaling(List.of(local.nodeFeatures()));
            INDArray expected = LayerwiseInference.outputs(model,
                    Layers.needsSelfLoops(layer) ? local.withSelfLoops() : local, 64);
            ModelBroadcast broadcast = ModelBroadcast.of(sc, model);
            for (int partitions : new int[] {1, 3}) {
                double diff = maxAbsDiff(g, DistributedInference.run(broadcast, distributed, partitions).rows(),
                        expected);
                assertTrue(diff < 1e-5, layer + " on " + partitions + " partitions: off by " + diff);
            }
            broadcast.destroy();
        }
    }

    @Test
    void anEdgeToAMissingNodeIsNamed() throws Exception {
        var g = new GeneratedGraph(50, 200, 6, 3, 2, 2);
        SparkGraph graph = g.toSpark(sc);
        SparkGraph broken = new SparkGraph(graph.features(), graph.labels(),
                graph.edges().union(sc.parallelizePairs(List.of(new Tuple2<>(g.id(3), 99L)))));
        var model = new GnnModel(new ModelConfig("sage", "node", 6, 8, 3, 2, 0.0, "sum", 1, 1.5), 1,
                DataType.FLOAT);
        // found in a task: Spark reports the task's exception with its message
        var e = assertThrows(Exception.class,
                () -> DistributedInference.run(ModelBroadcast.of(sc, model), broken, 2).rows().count());
        assertTrue(e.getMessage().contains("an edge's receiver 99 is not in the node table"), e.getMessage());
        SparkGraph strangeSender = new SparkGraph(graph.features(), graph.labels(),
                graph.edges().union(sc.parallelizePairs(List.of(new Tuple2<>(98L, g.id(3))))));
        var inTask = assertThrows(Exception.class,
                () -> DistributedInference.run(ModelBroadcast.of(sc, model), strangeSender, 2).rows().count());
        assertTrue(inTask.getMessage().contains("an edge's sender 98 is not in the node table"),
                inTask.getMessage());
    }

    @Test
    void aNodeIdGivenTwiceIsNamed() throws Exception {
        var g = new GeneratedGraph(40, 150, 6, 3, 2, 1);
        SparkGraph graph = g.toSpark(sc);
        SparkGraph twice = new SparkGraph(graph.features().union(sc.parallelizePairs(
                List.of(new Tuple2<>(g.id(7), new float[6])))), graph.labels(), graph.edges());
        var model = new GnnModel(new ModelConfig("gin", "node", 6, 8, 3, 2, 0.0, "sum", 1, 1.5), 1,
                DataType.FLOAT);
        var e = assertThrows(Exception.class, () -> DistributedInference.run(ModelBroadcast.of(sc, model), twice, 2));
        assertTrue(e.getMessage().contains("node " + g.id(7) + " is in the node table twice"), e.getMessage());
    }

    @Test
    void featuresOfTheWrongWidthAreNamed() throws Exception {
        var g = new GeneratedGraph(50, 200, 6, 3, 2, 2);
        SparkGraph graph = g.toSpark(sc);
        var model = new GnnModel(new ModelConfig("sage", "node", 5, 8, 3, 2, 0.0, "sum", 1, 1.5), 1,
                DataType.FLOAT);
        var e = assertThrows(Exception.class,
                () -> DistributedInference.run(ModelBroadcast.of(sc, model), graph, 2).rows().count());
        assertTrue(e.getMessage().contains("has 6 features; the model takes 5"), e.getMessage());
    }

    @Test
    void aModelWithAnAttentionLayerIsRefusedOnTheDriver() throws Exception {
        var model = new GnnModel(new ModelConfig("gat", "node", 6, 8, 3, 2, 0.0, "sum", 2, 1.5), 1,
                DataType.FLOAT);
        var e = assertThrows(IllegalArgumentException.class,
                () -> ModelBroadcast.of(sc, model).blocks());
        assertTrue(e.getMessage().contains("does not pool"), e.getMessage());
    }
}
