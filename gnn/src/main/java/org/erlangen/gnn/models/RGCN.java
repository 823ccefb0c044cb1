package org.erlangen.gnn.models;

import com.google.gson.JsonObject;
import java.util.Random;
import org.erlangen.gnn.conv.RGCNConv;
import org.erlangen.graph.RelationalGraph;
import org.erlangen.io.ConfigJson;
import org.erlangen.nn.Module;
import org.erlangen.nn.ModuleList;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * R-GCN for entity classification (Schlichtkrull et al. 2018): a featureless first layer (each node's input is its
 * identity, so the layer learns a vector per node and relation), further relational layers with ReLU between them,
 * class scores from the last. The graph it runs on carries the inverse relations
 * ({@link RelationalGraph#withInverses()}), so {@code relations} counts both directions.
 */
public final class RGCN extends Module {
    /**
     * The architecture, kept in the model file.
     *
     * @param bases of the basis decomposition, 0 for a full weight per relation
     */
    public record Config(int nodes, int relations, int hidden, int layers, int classes, int bases) {
        public Config {
            if (nodes < 1 || relations < 1 || hidden < 1 || layers < 1 || classes < 2 || bases < 0) {
                throw new IllegalArgumentException("R-GCN needs nodes, relations, hidden, layers >= 1, classes >= 2 "
                        + "and bases >= 0; got " + nodes + ", " + relations + ", " + hidden + ", " + layers + ", "
                        + classes + ", " + bases);
            }
        }

        public JsonObject toJson() {
            return ConfigJson.create().put("model", "rgcn").put("nodes", nodes).put("relations", relations)
                    .put("hidden", hidden).put("layers", layers).put("classes", classes).put("bases", bases).json();
        }

        public static Config fromJson(JsonObject json) {
            var f = ConfigJson.of(json, "R-GCN config");
            return new Config(f.getInt("nodes"), f.getInt("relations"), f.getInt("hidden"), f.getInt("layers"),
                    f.getInt("classes"), f.getInt("bases"));
        }

        RGCNConv.Decomposition decomposition() {
            return bases == 0 ? RGCNConv.Decomposition.NONE : RGCNConv.Decomposition.BASIS;
        }
    }

    private final Config config;
    private final ModuleList<RGCNConv> convs;

    public RGCN(Config config, long seed, DataType dtype) {
        this.config = config;
        Random random = new Random(seed);
        convs = child("convs", new ModuleList<>());
        for (int l = 0; l < config.layers(); l++) {
            int out = l == config.layers() - 1 ? config.classes() : config.hidden();
            convs.add(l == 0
                    ? RGCNConv.featureless(config.nodes(), out, config.relations(), config.decomposition(),
                            config.bases(), true, random, dtype)
                    : new RGCNConv(config.hidden(), out, config.relations(), config.decomposition(), config.bases(),
                            true, random, dtype));
        }
    }

    public Config config() {
        return config;
    }

    /** Class scores [nodes, classes] of every node of the graph (with its inverse relations). */
    public Tensor forward(RelationalGraph graph) {
        Tensor h = null;
        for (int l = 0; l < convs.size(); l++) {
            h = convs.get(l).forward(graph, h);
            if (l < convs.size() - 1) {
                h = Activations.relu(h);
            }
        }
        return h;
    }
}
