package org.erlangen.examples.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.gnn.tasks.Features;
import org.erlangen.graph.Graph;
import org.erlangen.graph.Splits;
import org.erlangen.io.PlanetoidDataset;
import org.erlangen.io.PlanetoidReader;
import org.erlangen.io.TuDataset;
import org.erlangen.io.TuDatasetReader;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The demo's datasets as rows for Cypher parameters: Cora papers with their (row-normalised) word features,
 * subject and standard split, and MUTAG's atoms with their molecule, atom-type features, mutagenicity and a seeded
 * 80/10/10 split of the molecules. Each relationship appears once (the datasets list both directions).
 */
public final class DemoGraphs {
    private DemoGraphs() {
    }

    public record Rows(List<Map<String, Object>> nodes, List<Map<String, Object>> relationships) {
    }

    public static Rows cora() throws IOException {
        PlanetoidDataset cora = PlanetoidReader.bundledCora();
        // row-normalised words, as Kipf and Welling (and PyTorch Geometric's NormalizeFeatures) feed them
        Graph g = Features.normalizeRows(cora.graph());
        String[] split = new String[g.numNodes()];
        for (int v : cora.trainIndex()) {
            split[v] = "train";
        }
        for (int v : cora.valIndex()) {
            split[v] = "validation";
        }
        for (int v : cora.testIndex()) {
            split[v] = "test";
        }
        double[][] features = g.nodeFeatures().castTo(DataType.DOUBLE).toDoubleMatrix();
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int v = 0; v < g.numNodes(); v++) {
            Map<String, Object> node = new HashMap<>();
            node.put("id", (long) v);
            node.put("features", features[v]);
            node.put("subject", (long) g.nodeTargets().getDouble(v));
            node.put("split", split[v] == null ? "none" : split[v]);
            nodes.add(node);
        }
        return new Rows(nodes, oneWay(g, 0));
    }

    public static Rows mutag() throws IOException {
        TuDataset mutag = TuDatasetReader.read(extractMutag(), "MUTAG");
        int[] classes = new int[mutag.graphs().size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = mutag.classOf(i);
        }
        Splits.Split split = Splits.stratified(classes, 0.8, 0.1, 0.1, 0);
        String[] part = new String[classes.length];
        for (int i : split.train()) {
            part[i] = "train";
        }
        for (int i : split.validation()) {
            part[i] = "validation";
        }
        for (int i : split.test()) {
            part[i] = "test";
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> relationships = new ArrayList<>();
        int offset = 0;
        for (int m = 0; m < classes.length; m++) {
            Graph g = mutag.graphs().get(m);
            double[][] features = g.nodeFeatures().castTo(DataType.DOUBLE)
                    .toDoubleMatrix();
            for (int v = 0; v < g.numNodes(); v++) {
                Map<String, Object> atom = new HashMap<>();
                atom.put("id", (long) (offset + v));
                atom.put("molecule", (long) m);
                atom.put("features", features[v]);
                atom.put("mutagenic", (long) classes[m]);
                atom.put("split", part[m]);
                nodes.add(atom);
            }
            relationships.addAll(oneWay(g, offset));
            offset += g.numNodes();
        }
        return new Rows(nodes, relationships);
    }

    private static List<Map<String, Object>> oneWay(Graph g, int offset) {
        List<Map<String, Object>> out = new ArrayList<>();
        int[] s = g.senders();
        int[] r = g.receivers();
        for (int e = 0; e < s.length; e++) {
            if (s[e] < r[e]) {
                out.add(Map.of("from", (long) (offset + s[e]), "to", (long) (offset + r[e])));
            }
        }
        return out;
    }

    /** MUTAG is bundled as resources; the TUDataset reader reads a folder, so the files are copied to one. */
    private static Path extractMutag() throws IOException {
        Path folder = Files.createTempDirectory("erlangen-mutag");
        folder.toFile().deleteOnExit();
        for (String suffix : List.of("_A.txt", "_graph_indicator.txt", "_graph_labels.txt", "_node_labels.txt",
                "_edge_labels.txt")) {
            String name = "MUTAG" + suffix;
            try (InputStream in = DemoGraphs.class.getResourceAsStream("/org/erlangen/examples/mutag/" + name)) {
                if (in == null) {
                    throw new IOException("bundled MUTAG file missing from the classpath: " + name);
                }
                Path file = folder.resolve(name);
                Files.copy(in, file);
                file.toFile().deleteOnExit();
            }
        }
        return folder;
    }
}
