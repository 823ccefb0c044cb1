package org.erlangen.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiFunction;
import org.erlangen.gnn.conv.GATConv;
import org.erlangen.gnn.conv.GCNConv;
import org.erlangen.gnn.conv.GINConv;
import org.erlangen.gnn.conv.SAGEConv;
import org.erlangen.gnn.conv.TransformerConv;
import org.erlangen.graph.Graph;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.kernels.Concurrency;
import org.erlangen.nn.MLP;
import org.erlangen.nn.Module;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A speed sanity check of single message-passing layers: forward and forward + backward time of GCN (64), GAT
 * (8 heads of 8), GIN (MLP 64-64-64), GraphSAGE (mean) and a graph transformer (8 heads of 8) on a random graph of
 * 10,000 nodes, 100,000 edges and 64 features. Not a benchmark against another library; it shows that nothing is
 * pathologically slow. Arguments (all optional): nodes, edges, features, timed repetitions, a word that the layers
 * to run must contain (gcn, gat, gin, sage, transformer).
 */
public final class LayerBench {
    private LayerBench() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int edges = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int features = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        String only = args.length > 4 ? args[4].toLowerCase(Locale.ROOT) : "";
        Graph graph = RandomGraphs.of(nodes, edges).nodeFeatures(features).seed(1).build();
        Tensor x = Tensor.constant(graph.nodeFeatures());
        System.out.printf("graph: %d nodes, %d edges, %d features; %d kernel threads%n", nodes, edges, features,
                Concurrency.level());
        GATConv gat = GATConv.builder(features, 8).heads(8).build();
        GINConv gin = new GINConv(MLP.builder(features, 64, 64).build());
        SAGEConv sage = SAGEConv.builder(features, 64).build();
        TransformerConv transformer = TransformerConv.builder(features, 8).heads(8).build();
        if ("gcn".contains(only)) {
            GCNConv gcn = new GCNConv(features, 64, new Random(1));
            Graph looped = graph.withSelfLoops();
            time("GCN 64", gcn, gcn::forward, looped, x, reps);
        }
        if ("gat".contains(only)) {
            time("GAT 8x8", gat, gat::forward, graph, x, reps);
        }
        if ("gin".contains(only)) {
            time("GIN 64-64", gin, gin::forward, graph, x, reps);
        }
        if ("sage".contains(only)) {
            time("SAGE mean 64", sage, sage::forward, graph, x, reps);
        }
        if ("transformer".contains(only)) {
            time("Transformer 8x8", transformer, transformer::forward, graph, x, reps);
        }
    }

    private static void time(String name, Module model, BiFunction<Graph, Tensor, Tensor> forward, Graph graph,
            Tensor x, int reps) {
        int warmup = 3;
        double[] fwd = new double[reps];
        double[] step = new double[reps];
        for (int i = 0; i < warmup + reps; i++) {
            long t0 = System.nanoTime();
            try (var ignored = GradMode.noGrad(); var ws = Workspace.step()) {
                forward.apply(graph, x);
            }
            long t1 = System.nanoTime();
            try (var ws = Workspace.step()) {
                Tensor y = forward.apply(graph, x);
                INDArray seed = Nd4j.onesLike(y.data());
                y.backward(seed);
                model.zeroGrad();
            }
            long t2 = System.nanoTime();
            if (i >= warmup) {
                fwd[i - warmup] = (t1 - t0) / 1e6;
                step[i - warmup] = (t2 - t1) / 1e6;
            }
        }
        System.out.printf("%-16s forward %7.1f ms   forward+backward %7.1f ms   (medians of %d)%n", name,
                median(fwd), median(step), reps);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
