package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.Layers;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.io.ModelFile;
import org.erlangen.io.TableDataset;
import org.erlangen.io.TableOptions;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.BusinessGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Your own data from the command line: customers with ages, incomes in dollars and a flag, as two tables. The model
 * scales the features itself, so the raw tables train as well as tables standardised by hand, and the model file it
 * writes predicts in Java what the command line wrote to predictions.csv.
 */
class BusinessScalesCliTest {
    private static final int NODES = 600;

    @TempDir
    Path tmp;

    /** The customers as a node table (id, age, income, flag, label, split: 60/20/20) and a link table. */
    private static void write(BusinessGraph g, double[][] features, Path nodes, Path edges) throws IOException {
        var random = new SplittableRandom(3);
        List<String> rows = new ArrayList<>(List.of("id,age,income,flag,label,split"));
        for (int v = 0; v < g.nodes(); v++) {
            double r = random.nextDouble();
            String split = r < 0.6 ? "train" : r < 0.8 ? "validation" : "test";
            rows.add(String.format(Locale.ROOT, "c%d,%s,%s,%d,%d,%s", v, features[v][0], features[v][1], g.flag()[v],
                    g.label()[v], split));
        }
        List<String> links = new ArrayList<>(List.of("source,target"));
        for (int e = 0; e < g.senders().length; e++) {
            links.add("c" + g.senders()[e] + ",c" + g.receivers()[e]);
        }
        Files.write(nodes, rows, StandardCharsets.UTF_8);
        Files.write(edges, links, StandardCharsets.UTF_8);
    }

    private CliRun train(String name, Path nodes, Path edges) {
        return CliRun.of("train", "--nodes", nodes.toString(), "--edges", edges.toString(), "--target", "label",
                "--split-column", "split", "--seeds", "3", "--out", tmp.resolve(name).toString());
    }

    private static double meanAccuracy(CliRun run) {
        Matcher m = Pattern.compile("mean_accuracy=([0-9.]+)").matcher(run.lastLine());
        assertTrue(m.find(), run.out() + run.err());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void rawBusinessScalesTrainAsWellAsStandardisedOnesAndTheModelFilePredictsTheSameInJava() throws Exception {
        BusinessGraph g = BusinessGraph.generate(NODES, 4, 11);
        Path rawNodes = tmp.resolve("raw-nodes.csv");
        Path edges = tmp.resolve("links.csv");
        write(g, g.rawFeatures(), rawNodes, edges);
        Path standardNodes = tmp.resolve("standardised-nodes.csv");
        write(g, g.standardisedFeatures(), standardNodes, tmp.resolve("links-again.csv"));

        CliRun raw = train("raw", rawNodes, edges);
        CliRun standardised = train("standardised", standardNodes, edges);
        assertEquals(0, raw.code(), raw.err());
        assertEquals(0, standardised.code(), standardised.err());
        double rawAccuracy = meanAccuracy(raw);
        double standardAccuracy = meanAccuracy(standardised);
        System.out.printf(Locale.ROOT, "business scales, 3 seeds: raw %.4f, standardised %.4f%n", rawAccuracy,
                standardAccuracy);
        assertTrue(standardAccuracy > 0.85, "the rule is learnable: " + standardised.lastLine());
        assertTrue(Math.abs(rawAccuracy - standardAccuracy) <= 0.02, "raw " + raw.lastLine() + " against standardised "
                + standardised.lastLine());

        // the first seed's model, read back in Java, gives the command line's probabilities for every customer
        Path out = tmp.resolve("raw");
        var contents = ModelFile.readModel(out.resolve("model.safetensors"));
        ModelConfig config = ModelConfig.fromJson(contents.config());
        assertTrue(config.scaleFeatures(), "the model scales its own inputs");
        GnnModel model = new GnnModel(config, 0, DataType.FLOAT);
        ModelFile.loadInto(out.resolve("model.safetensors"), model);
        TableDataset data = TableDataset.read(rawNodes, edges, TableOptions.builder().target("label")
                .splitColumn("split").build());
        Graph graph = Layers.needsSelfLoops(config.layer()) ? data.graph().withSelfLoops() : data.graph();
        model.eval();
        INDArray logits;
        try (var noGrad = GradMode.noGrad()) {
            logits = model.nodes(graph, Tensor.constant(graph.nodeFeatures())).data();
        }
        List<String> lines = Files.readAllLines(out.resolve("predictions.csv"), StandardCharsets.UTF_8);
        assertEquals("id,prediction,probability_0,probability_1,split", lines.get(0));
        assertEquals(NODES + 1, lines.size());
        for (int v = 0; v < NODES; v++) {
            String[] f = lines.get(v + 1).split(",");
            assertEquals(data.itemIds().get(v), f[0]);
            double[] p = TablePredictions.softmax(logits.getRow(v).toDoubleVector());
            assertEquals(p[1], Double.parseDouble(f[3]), 1e-6, "customer " + f[0]);
            assertEquals(p[1] > p[0] ? "1" : "0", f[1], "customer " + f[0]);
        }
    }
}
