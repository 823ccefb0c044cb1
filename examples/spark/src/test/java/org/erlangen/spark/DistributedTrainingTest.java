package org.erlangen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.erlangen.gnn.tasks.NodeClassifier;
import org.erlangen.graph.Graph;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Data-parallel training on local Spark: on one partition the same losses as single-machine mini-batch training; on
 * two, a loss curve and an accuracy close to it.
 */
class DistributedTrainingTest extends OnLocalSpark {
    private static boolean validation(int node) {
        return node % 4 == 0;
    }

    private record Runs(Trainer.Result single, Trainer.Result distributed, long shardEdges) {
    }

    private static Runs train(GeneratedGraph g, int epochs, int partitions) {
        return train(g, epochs, partitions, null);
    }

    private static Runs train(GeneratedGraph g, int epochs, int partitions, int[] haloFanouts) {
        TrainingSettings settings = NodeClassifier.defaults().toBuilder().epochs(epochs).build();
        int[] fanouts = {4, 3};
        Graph local = g.toGraph(DataType.FLOAT);
        int[] train = IntStream.range(0, g.nodes()).filter(v -> !validation(v)).toArray();
        int[] val = IntStream.range(0, g.nodes()).filter(DistributedTrainingTest::validation).toArray();
        var classifier = new NodeClassifier().layer("sage").layers(2).hidden(16).dropout(0.5).seed(7)
                .fanouts(fanouts).batchSize(64).samplingWorkers(0).training(settings);
        Trainer.Result single = classifier.fit(local, train, val, epoch -> { });

        SparkGraph graph = g.toSpark(sc);
        JavaPairRDD<Long, Integer> labels = graph.labels();
        JavaPairRDD<Long, Integer> trainLabels = labels.filter(l -> !validation(g.node(l._1())));
        JavaPairRDD<Long, Integer> valLabels = labels.filter(l -> validation(g.node(l._1())));
        var s = new DistributedTraining.Settings("sage", 2, 16, 0.5, true, fanouts, 64, 7, settings, haloFanouts);
        var run = DistributedTraining.fit(sc, graph, trainLabels, valLabels, s, partitions, epoch -> { });
        return new Runs(single, run.training(), run.shardEdges());
    }

    @Test
    void onOnePartitionTheLossesAreSingleMachineMiniBatchTrainings() {
        Runs runs = train(new GeneratedGraph(300, 1500, 6, 3, 21, 2), 3, 1);
        assertEquals(3, runs.distributed().history().size());
        for (int e = 0; e < 3; e++) {
            TrainingListener.Epoch one = runs.single().history().get(e);
            TrainingListener.Epoch spark = runs.distributed().history().get(e);
            assertEquals(one.loss(), spark.loss(), 1e-6 * Math.abs(one.loss()), "epoch " + (e + 1) + " loss");
            // validation: layer-wise against distributed inference, equal up to the order of sums
            assertEquals(one.metrics().get("val_acc"), spark.metrics().get("val_acc"), 1.0 / 75 + 1e-9,
                    "epoch " + (e + 1) + " validation accuracy");
        }
    }

    @Test
    void partitionsWithoutTrainingNodesSendNothing() {
        var g = new GeneratedGraph(60, 300, 6, 3, 12, 1);
        SparkGraph graph = g.toSpark(sc);
        JavaPairRDD<Long, Integer> three = graph.labels().filter(l -> g.node(l._1()) < 3);
        var s = new DistributedTraining.Settings("sage", 2, 8, 0.0, false, new int[] {3, 2}, 8, 1,
                NodeClassifier.defaults().toBuilder().epochs(2).build());
        var run = DistributedTraining.fit(sc, graph, three, null, s, 8, epoch -> { }); // 8 partitions, 3 seeds
        assertEquals(2, run.training().epochsRun());
        assertTrue(Double.isFinite(run.training().history().get(1).loss()));
    }

    @Test
    void noTrainingNodesIsSaidPlainly() {
        var g = new GeneratedGraph(30, 100, 6, 3, 12, 1);
        SparkGraph graph = g.toSpark(sc);
        var s = new DistributedTraining.Settings("sage", 2, 8, 0.0, false, new int[] {3, 2}, 8, 1,
                NodeClassifier.defaults());
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DistributedTraining.fit(sc, graph, graph.labels().filter(l -> false), null, s, 2, x -> { }));
        assertTrue(e.getMessage().startsWith("no training nodes"), e.getMessage());
    }

    @Test
    void aSampledHaloHoldsFewerEdgesAndStillTrains() {
        var g = new GeneratedGraph(800, 8000, 6, 3, 6, 2);
        Runs full = train(g, 4, 2);
        Runs sampled = train(g, 4, 2, new int[] {6, 4}); // the steps sample 4 then 3 of them
        assertTrue(sampled.shardEdges() < 0.6 * full.shardEdges(),
                "sampled halo " + sampled.shardEdges() + " edges, full " + full.shardEdges());
        double first = sampled.distributed().history().get(0).loss();
        double last = sampled.distributed().history().get(3).loss();
        assertTrue(last < 0.8 * first, "the loss falls: " + first + " -> " + last);
        assertEquals(full.distributed().history().get(3).metrics().get("val_acc"),
                sampled.distributed().history().get(3).metrics().get("val_acc"), 0.05, "validation accuracy");
    }

    @Test
    void onTwoPartitionsTheLossCurveAndAccuracyStayCloseToOneMachines() {
        Runs runs = train(new GeneratedGraph(1600, 9000, 6, 3, 4, 2), 8, 2);
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        for (int e = 0; e < 8; e++) {
            one.add(runs.single().history().get(e).loss());
            two.add(runs.distributed().history().get(e).loss());
        }
        double first = one.get(0);
        for (int e = 0; e < 8; e++) {
            assertEquals(one.get(e), two.get(e), 0.05 * first, "epoch " + (e + 1) + " losses " + one + " " + two);
        }
        assertTrue(two.get(7) < 0.8 * two.get(0), "the loss falls: " + two);
        double accOne = runs.single().history().get(7).metrics().get("val_acc");
        double accTwo = runs.distributed().history().get(7).metrics().get("val_acc");
        assertEquals(accOne, accTwo, 0.03, "final validation accuracy");
    }
}
