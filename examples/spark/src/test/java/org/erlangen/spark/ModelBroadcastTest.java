package org.erlangen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.sql.SparkSession;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** A broadcast model is the one broadcast, also when an earlier context in the JVM broadcast another. */
class ModelBroadcastTest {
    private static GnnModel model(int in) {
        return new GnnModel(new ModelConfig("sage", "node", in, 8, 3, 2, 0.0, "sum", 1, 1.5), 1, DataType.FLOAT);
    }

    @Test
    void aNewContextsBroadcastIsNotAnOldContextsModel() throws Exception {
        for (int in : new int[] {5, 6}) {
            SparkSession spark = LocalSpark.start(); // each context numbers its broadcasts from 0
            try {
                ModelBroadcast broadcast = ModelBroadcast.of(LocalSpark.context(spark), model(in));
                assertEquals(in, broadcast.model().config().in(), "on the driver");
                int seen = LocalSpark.context(spark).parallelize(java.util.List.of(1, 2), 2)
                        .map(i -> broadcast.model().config().in()).reduce(Math::max);
                assertEquals(in, seen, "in the tasks");
            } finally {
                spark.stop();
            }
        }
    }
}
