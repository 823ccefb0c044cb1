package org.erlangen.gnn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.erlangen.graph.Graph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/**
 * The blocks of distributed inference, driven by a plain engine here (messages along every edge, summed per
 * receiver, nodes split into uneven blocks), give layer-wise inference's outputs.
 */
class PooledBlocksTest {
    /** A directed random graph with a few self loops and nodes without in-edges. */
    private static Graph graph(int n, int edges, long seed, DataType dtype) {
        var random = new SplittableRandom(seed);
        int[] s = new int[edges];
        int[] r = new int[edges];
        for (int e = 0; e < edges; e++) {
            s[e] = random.nextInt(n);
            r[e] = random.nextInt(n - 5); // the last five nodes receive nothing
        }
        double[] x = random.doubles((long) n * 5, -2, 2).toArray();
        return Graph.builder(n).edges(s, r).nodeFeatures(Nd4j.createFromArray(x).reshape(n, 5).castTo(dtype)).build();
    }

    /** Distributed inference as an engine runs it: blocks of {@code block} nodes, sums per receiver. */
    private static float[] engine(PooledBlocks blocks, Graph g, int block) {
        int n = g.numNodes();
        int[] senders = g.senders();
        int[] receivers = g.receivers();
        float[] h = g.nodeFeatures().castTo(DataType.FLOAT).dup('c').data().asFloat();
        h = byBlocks(n, block, h, (from, rows, in) -> blocks.inputs(in, rows));
        for (int layer = 0; layer < blocks.layerCount(); layer++) {
            boolean loops = blocks.selfLoops(layer);
            int[] degree = new int[n];
            boolean[] hasLoop = new boolean[n];
            for (int e = 0; e < senders.length; e++) {
                degree[receivers[e]]++;
                hasLoop[receivers[e]] |= senders[e] == receivers[e];
            }
            for (int v = 0; v < n && loops; v++) {
                degree[v] += hasLoop[v] ? 0 : 1;
            }
            final int l = layer;
            float[] in = h;
            float[] messages = byBlocks(n, block, h, (from, rows, rowsIn) ->
                    blocks.messages(l, rowsIn, java.util.Arrays.copyOfRange(degree, from, from + rows), rows));
            int width = messages.length / n;
            float[] sums = new float[n * width];
            for (int e = 0; e < senders.length; e++) {
                add(sums, receivers[e], messages, senders[e], width);
            }
            for (int v = 0; v < n && loops; v++) {
                if (!hasLoop[v]) {
                    add(sums, v, messages, v, width);
                }
            }
            int inWidth = in.length / n;
            float[] out = null;
            for (int from = 0; from < n; from += block) {
                int rows = Math.min(block, n - from);
                float[] y = blocks.outputs(l, java.util.Arrays.copyOfRange(sums, from * width, (from + rows) * width),
                        java.util.Arrays.copyOfRange(in, from * inWidth, (from + rows) * inWidth),
                        java.util.Arrays.copyOfRange(degree, from, from + rows), rows);
                out = out == null ? new float[n * (y.length / rows)] : out;
                System.arraycopy(y, 0, out, from * (y.length / rows), y.length);
            }
            h = out;
        }
        return h;
    }

    private interface BlockStep {
        float[] apply(int from, int rows, float[] in);
    }

    private static float[] byBlocks(int n, int block, float[] h, BlockStep step) {
        int width = h.length / n;
        float[] out = null;
        for (int from = 0; from < n; from += block) {
            int rows = Math.min(block, n - from);
            float[] y = step.apply(from, rows, java.util.Arrays.copyOfRange(h, from * width, (from + rows) * width));
            out = out == null ? new float[n * (y.length / rows)] : out;
            System.arraycopy(y, 0, out, from * (y.length / rows), y.length);
        }
        return out;
    }

    private static void add(float[] sums, int receiver, float[] messages, int sender, int width) {
        for (int c = 0; c < width; c++) {
            sums[receiver * width + c] += messages[sender * width + c];
        }
    }

    @Test
    void blocksWithSumsPerReceiverGiveLayerwiseInference() {
        for (DataType dtype : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            Graph g = graph(90, 400, 3, dtype);
            for (String layer : List.of("gcn", "sage", "gin")) {
                for (boolean scale : new boolean[] {false, true}) {
                    // hidden 8 then 3 outputs: GraphSAGE's last layer sends W_l x (narrower)
                    var config = new ModelConfig(layer, "node", 5, 8, 3, 3, 0.0, "sum", 1, 1.5)
                            .withFeatureScaling(scale);
                    var model = new GnnModel(config, 7, dtype);
                    model.fitFeatureScaling(List.of(g.nodeFeatures()));
                    Graph input = Layers.needsSelfLoops(layer) ? g.withSelfLoops() : g;
                    INDArray expected = LayerwiseInference.outputs(model, input, 16).castTo(DataType.FLOAT);
                    float[] actual = engine(new PooledBlocks(model, dtype), g, 13);
                    float[] want = expected.dup('c').data().asFloat();
                    assertEquals(want.length, actual.length, layer);
                    double worst = 0;
                    for (int i = 0; i < want.length; i++) {
                        worst = Math.max(worst, Math.abs(want[i] - actual[i]));
                    }
                    assertTrue(worst < 1e-5, layer + " " + dtype + " scale " + scale + ": off by " + worst);
                }
            }
        }
    }

    @Test
    void aLayerThatDoesNotPoolItsSendersIsNamed() {
        var config = new ModelConfig("gat", "node", 5, 8, 3, 2, 0.0, "sum", 2, 1.5);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PooledBlocks(new GnnModel(config, 1, DataType.FLOAT), DataType.FLOAT));
        assertTrue(e.getMessage().contains("layer 0 of this gat model"), e.getMessage());
    }
}
