package org.erlangen.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.erlangen.graph.Graph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * A planted-class graph drawn in slices, so that Spark draws each slice in a task and one machine draws the same
 * graph in a loop: node {@code v} has id {@code v * stride + offset} (ids need not be 0..n-1), a class, features
 * that carry the class weakly, and in-edges from its own class more often than by chance (a sender is redrawn up to
 * three times until it shares the receiver's class: 41% of the edges with 8 classes, against 12.5%). Slice {@code s}
 * of the nodes and of the edges comes from its own seeded stream.
 */
public record GeneratedGraph(int nodes, long edges, int features, int classes, long seed, int slices)
        implements java.io.Serializable {
    private static final long STRIDE = 7;
    private static final long OFFSET = 1000;

    public long id(int node) {
        return node * STRIDE + OFFSET;
    }

    public int node(long id) {
        return Math.toIntExact((id - OFFSET) / STRIDE);
    }

    public int label(int node) {
        return new SplittableRandom(seed ^ (node * 0x9E3779B97F4A7C15L)).nextInt(classes);
    }

    public float[] featureRow(int node) {
        var random = new SplittableRandom(seed * 31 + node);
        int label = label(node);
        float[] x = new float[features];
        for (int f = 0; f < features; f++) {
            x[f] = (float) (random.nextGaussian() + (f % classes == label ? 0.8 : 0));
        }
        return x;
    }

    /** The edges of slice {@code s} as (sender, receiver) node indices. */
    public List<int[]> edgeSlice(int s) {
        long from = edges * s / slices;
        long to = edges * (s + 1) / slices;
        var random = new SplittableRandom(seed + 1_000_003L * (s + 1));
        List<int[]> out = new ArrayList<>(Math.toIntExact(to - from));
        for (long e = from; e < to; e++) {
            int receiver = random.nextInt(nodes);
            int sender = random.nextInt(nodes);
            // three tries for a sender of the receiver's class: the graph carries the classes
            for (int t = 0; t < 3 && label(sender) != label(receiver); t++) {
                sender = random.nextInt(nodes);
            }
            out.add(new int[] {sender, receiver});
        }
        return out;
    }

    /** The graph on Spark, drawn in {@link #slices} tasks. */
    public SparkGraph toSpark(JavaSparkContext sc) {
        GeneratedGraph g = this;
        List<Integer> ids = IntStream.range(0, slices).boxed().toList();
        JavaPairRDD<Long, float[]> x = sc.parallelize(ids, slices).flatMapToPair(s -> {
            List<Tuple2<Long, float[]>> rows = new ArrayList<>();
            for (int v = (int) ((long) g.nodes * s / g.slices); v < (long) g.nodes * (s + 1) / g.slices; v++) {
                rows.add(new Tuple2<>(g.id(v), g.featureRow(v)));
            }
            return rows.iterator();
        });
        JavaPairRDD<Long, Integer> labels = x.mapToPair(r -> new Tuple2<>(r._1(), g.label(g.node(r._1()))));
        JavaPairRDD<Long, Long> pairs = sc.parallelize(ids, slices).flatMapToPair(s -> g.edgeSlice(s).stream()
                .map(e -> new Tuple2<>(g.id(e[0]), g.id(e[1]))).iterator());
        return new SparkGraph(x, labels, pairs);
    }

    /** The same graph on one machine: node {@code v} at index {@code v}, edges in slice order. */
    public Graph toGraph(DataType dtype) {
        int[] s = new int[Math.toIntExact(edges)];
        int[] r = new int[s.length];
        int e = 0;
        for (int slice = 0; slice < slices; slice++) {
            for (int[] edge : edgeSlice(slice)) {
                s[e] = edge[0];
                r[e] = edge[1];
                e++;
            }
        }
        float[] x = new float[nodes * features];
        long[] y = new long[nodes];
        for (int v = 0; v < nodes; v++) {
            System.arraycopy(featureRow(v), 0, x, v * features, features);
            y[v] = label(v);
        }
        return Graph.builder(nodes).edges(s, r)
                .nodeFeatures(Nd4j.createFromArray(x).reshape(nodes, features).castTo(dtype))
                .nodeTargets(Nd4j.createFromArray(y)).build();
    }
}
