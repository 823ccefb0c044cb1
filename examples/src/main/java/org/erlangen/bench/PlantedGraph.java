package org.erlangen.bench;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.FloatPointer;
import org.erlangen.graph.Graph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A large graph with planted classes, as {@code bench neo4j} makes them: float features near their class's centre
 * (centre + 2 x Gaussian noise per feature), 80% of the edges within a class, stored both ways. Built from primitive
 * arrays in parallel chunks, each seeded by its index, so the same seed gives the same graph on any thread count.
 *
 * <p>{@link #referenceAccuracy} is what a classifier that knows the planted centres attains from a node's own
 * features and its in-neighbours' mean: nearest centre of their average. It is the attainable accuracy the benchmark
 * reports beside the model's.
 */
public final class PlantedGraph {
    private static final int CHUNK = 1 << 16;

    private final Graph graph;
    private final int[] classOf;
    private final float[][] centres;

    private PlantedGraph(Graph graph, int[] classOf, float[][] centres) {
        this.graph = graph;
        this.classOf = classOf;
        this.centres = centres;
    }

    /** {@code edges} directed edges (even: each pair both ways), no self loops. */
    public static PlantedGraph generate(int nodes, long edges, int features, int classes, long seed) {
        if (edges % 2 != 0 || edges / 2 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("edges must be even and at most 2^32, got " + edges);
        }
        var random = new SplittableRandom(seed);
        float[][] centres = new float[classes][features];
        for (float[] c : centres) {
            for (int k = 0; k < features; k++) {
                c[k] = (float) random.nextGaussian();
            }
        }
        int[] classOf = new int[nodes];
        int chunks = (nodes + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            var r = new SplittableRandom(seed * 31 + c);
            for (int v = c * CHUNK; v < Math.min(nodes, (c + 1) * CHUNK); v++) {
                classOf[v] = r.nextInt(classes);
            }
        });
        INDArray x = Nd4j.createUninitialized(DataType.FLOAT, nodes, features);
        var base = new FloatPointer(x.data().addressPointer());
        IntStream.range(0, chunks).parallel().forEach(c -> {
            var r = new SplittableRandom(seed * 37 + c);
            int from = c * CHUNK;
            int to = Math.min(nodes, from + CHUNK);
            float[] rows = new float[(to - from) * features];
            for (int v = from; v < to; v++) {
                float[] centre = centres[classOf[v]];
                for (int k = 0; k < features; k++) {
                    rows[(v - from) * features + k] = centre[k] + 2f * (float) r.nextGaussian();
                }
            }
            new FloatPointer(base).position((long) from * features).put(rows, 0, rows.length);
        });
        int[][] byClass = members(classOf, classes);
        int pairs = (int) (edges / 2);
        int[] senders = new int[pairs * 2];
        int[] receivers = new int[pairs * 2];
        int pairChunks = (pairs + CHUNK - 1) / CHUNK;
        IntStream.range(0, pairChunks).parallel().forEach(c -> {
            var r = new SplittableRandom(seed * 41 + c);
            for (int p = c * CHUNK; p < Math.min(pairs, (c + 1) * CHUNK); p++) {
                int a = r.nextInt(nodes);
                int b;
                do {
                    int[] pool = r.nextDouble() < 0.8 ? byClass[classOf[a]] : null;
                    b = pool == null ? r.nextInt(nodes) : pool[r.nextInt(pool.length)];
                } while (b == a);
                senders[2 * p] = a;
                receivers[2 * p] = b;
                senders[2 * p + 1] = b;
                receivers[2 * p + 1] = a;
            }
        });
        INDArray labels = Nd4j.createFromArray(classOf).castTo(DataType.INT64);
        Graph graph = Graph.builder(nodes).edges(senders, receivers).nodeFeatures(x).nodeTargets(labels).build();
        return new PlantedGraph(graph, classOf, centres);
    }

    private static int[][] members(int[] classOf, int classes) {
        int[] counts = new int[classes];
        for (int c : classOf) {
            counts[c]++;
        }
        int[][] byClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] at = new int[classes];
        for (int v = 0; v < classOf.length; v++) {
            byClass[classOf[v]][at[classOf[v]]++] = v;
        }
        return byClass;
    }

    public Graph graph() {
        return graph;
    }

    public int classOf(int node) {
        return classOf[node];
    }

    /** Nearest planted centre of the mean of a node's features and its in-neighbours' mean, over {@code nodes}. */
    public double referenceAccuracy(int[] nodes) {
        INDArray x = graph.nodeFeatures();
        int width = (int) x.size(1);
        var rows = graph.adjacency().rows();
        long correct = IntStream.of(nodes).parallel().filter(v -> {
            var p = new FloatPointer(x.data().addressPointer());
            float[] own = new float[width];
            p.position((long) v * width).get(own, 0, width);
            double[] mean = new double[width];
            float[] row = new float[width];
            int degree = rows.end(v) - rows.start(v);
            for (int k = rows.start(v); k < rows.end(v); k++) {
                p.position((long) graph.adjacency().col(k) * width).get(row, 0, width);
                for (int f = 0; f < width; f++) {
                    mean[f] += row[f] / (double) degree;
                }
            }
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < centres.length; c++) {
                double d = 0;
                for (int f = 0; f < width; f++) {
                    double m = degree == 0 ? own[f] : 0.5 * (own[f] + mean[f]);
                    d += (m - centres[c][f]) * (m - centres[c][f]);
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            return best == classOf[v];
        }).count();
        return correct / (double) nodes.length;
    }
}
