package org.erlangen.gnn.conv;

import static org.erlangen.gnn.conv.LayerChecks.cat;
import static org.erlangen.gnn.conv.LayerChecks.param;
import static org.erlangen.gnn.conv.LayerChecks.paramVector;
import static org.erlangen.gnn.conv.LayerChecks.plus;
import static org.erlangen.gnn.conv.LayerChecks.relu;
import static org.erlangen.gnn.conv.LayerChecks.times;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.erlangen.gnn.aggr.DegreeScaler;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Module;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class PNAConvTest {
    private static final double DELTA = 1.2;

    /** in 4, out 6; {@code layers} pre and post layers. */
    private static Function<DataType, LayerChecks.Built> pna(int towers, boolean divide, int edgeDim, int layers) {
        return dtype -> {
            PNAConv conv = PNAConv.builder(4, 6, DELTA).towers(towers).divideInput(divide).edgeDim(edgeDim)
                    .preLayers(layers).postLayers(layers).seed(3).dtype(dtype).build();
            LayerChecks.randomize(conv, 4);
            return new LayerChecks.Built(conv, conv::forward);
        };
    }

    /** A stack of linear layers {@code prefix.0, prefix.1, ...} with ReLU between. */
    private static double[] stack(Module m, String prefix, int layers, double[] v) {
        double[] h = v;
        for (int l = 0; l < layers; l++) {
            if (l > 0) {
                h = relu(h);
            }
            h = plus(times(h, param(m, prefix + "." + l + ".weight")), paramVector(m, prefix + "." + l + ".bias"));
        }
        return h;
    }

    private static double[][] reference(Module conv, Graph g, int towers, boolean divide, int layers) {
        double[][] x = LayerChecks.rows(g.nodeFeatures());
        double[][] e = g.edgeFeatures() == null ? null : LayerChecks.rows(g.edgeFeatures());
        int n = x.length;
        int towerIn = divide ? 4 / towers : 4;
        int[] s = g.senders();
        int[] r = g.receivers();
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            List<double[]> towerOutputs = new ArrayList<>();
            for (int t = 0; t < towers; t++) {
                double[] xi = divide ? Arrays.copyOfRange(x[i], t * towerIn, (t + 1) * towerIn) : x[i];
                List<double[]> messages = new ArrayList<>();
                for (int k = 0; k < s.length; k++) {
                    if (r[k] != i) {
                        continue;
                    }
                    double[] xj = divide ? Arrays.copyOfRange(x[s[k]], t * towerIn, (t + 1) * towerIn) : x[s[k]];
                    double[] in = e == null ? cat(xi, xj) : cat(xi, xj, plus(times(e[k],
                            param(conv, "edge_encoder.weight")), paramVector(conv, "edge_encoder.bias")));
                    messages.add(stack(conv, "pre_nns." + t, layers, in));
                }
                double[] aggregated = aggregate(messages, towerIn);
                double log = Math.log(Math.max(1, messages.size()) + 1);
                double[] scaled = cat(aggregated, LayerChecks.scaled(aggregated, log / DELTA),
                        LayerChecks.scaled(aggregated, DELTA / log));
                towerOutputs.add(stack(conv, "post_nns." + t, layers, cat(xi, scaled)));
            }
            double[] joined = cat(towerOutputs.toArray(new double[0][]));
            out[i] = plus(times(joined, param(conv, "lin.weight")), paramVector(conv, "lin.bias"));
        }
        return out;
    }

    /** mean, min, max, std of the messages per feature (zeros without messages), side by side. */
    private static double[] aggregate(List<double[]> messages, int width) {
        double[] mean = new double[width];
        double[] min = new double[width];
        double[] max = new double[width];
        double[] std = new double[width];
        if (messages.isEmpty()) {
            return cat(mean, min, max, std);
        }
        for (int f = 0; f < width; f++) {
            double sum = 0;
            double squares = 0;
            min[f] = Double.POSITIVE_INFINITY;
            max[f] = Double.NEGATIVE_INFINITY;
            for (double[] m : messages) {
                sum += m[f];
                squares += m[f] * m[f];
                min[f] = Math.min(min[f], m[f]);
                max[f] = Math.max(max[f], m[f]);
            }
            mean[f] = sum / messages.size();
            double variance = squares / messages.size() - mean[f] * mean[f];
            std[f] = variance <= 1e-5 ? 0 : Math.sqrt(variance);
        }
        return cat(mean, min, max, std);
    }

    @Test
    void matchesPrincipalNeighbourhoodAggregation() {
        // {towers, divide input, edge width, pre/post layers}
        int[][] cases = {{1, 0, 0, 1}, {2, 0, 3, 2}, {2, 1, 2, 1}, {2, 1, 0, 2}};
        for (int[] c : cases) {
            Graph g = LayerChecks.graph(14, 40, 4, c[2], 1, DataType.DOUBLE);
            LayerChecks.Built built = pna(c[0], c[1] == 1, c[2], c[3]).apply(DataType.DOUBLE);
            LayerChecks.assertClose(reference(built.module(), g, c[0], c[1] == 1, c[3]), built.run(g).data(), 1e-12,
                    "PNA " + Arrays.toString(c));
        }
    }

    @Test
    void isPermutationEquivariant() {
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                LayerChecks.onRandomGraph(pna(2, false, 2, 2), 4, 2));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // narrow layers keep the number of finite differences small; every kind of parameter is still present
        Graph g = LayerChecks.graph(8, 24, 2, 1, 6, DataType.DOUBLE);
        PNAConv conv = PNAConv.builder(2, 2, DELTA).towers(2).divideInput(true).edgeDim(1).preLayers(2)
                .aggregators("mean", "max", "std").scalers(DegreeScaler.IDENTITY, DegreeScaler.AMPLIFICATION,
                        DegreeScaler.ATTENUATION).seed(5).dtype(DataType.DOUBLE).build();
        LayerChecks.randomize(conv, 6);
        LayerChecks.assertGradients(new LayerChecks.Built(conv, conv::forward), g);
    }

    @Test
    void badConfigurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PNAConv.builder(4, 5, DELTA).towers(2).build());
        assertThrows(IllegalArgumentException.class,
                () -> PNAConv.builder(5, 6, DELTA).towers(2).divideInput(true).build());
        assertThrows(IllegalArgumentException.class, () -> PNAConv.builder(4, 6, 0.0).build());
        assertThrows(IllegalArgumentException.class, () -> PNAConv.builder(4, 6, DELTA).aggregators("median"));
        // without degree-dependent scalers no delta is needed
        PNAConv.builder(4, 6, Double.NaN).scalers(DegreeScaler.IDENTITY).build();
    }
}
