package org.erlangen.gnn.models;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.erlangen.gnn.aggr.MaxAggregation;
import org.erlangen.gnn.conv.EdgeConv;
import org.erlangen.gnn.conv.GATConv;
import org.erlangen.gnn.conv.GATv2Conv;
import org.erlangen.gnn.conv.GCNConv;
import org.erlangen.gnn.conv.GINConv;
import org.erlangen.gnn.conv.PNAConv;
import org.erlangen.gnn.conv.RelationalLayer;
import org.erlangen.gnn.conv.SAGEConv;
import org.erlangen.gnn.conv.TransformerConv;
import org.erlangen.gnn.sets.ElementLayer;
import org.erlangen.nn.MLP;

/**
 * The graph layers a model can be built from, by name, with PyTorch Geometric's usual settings: multi-head layers
 * split a hidden width over their heads and concatenate them, and average them in a model's last layer. What callers
 * must know of a layer without building it (its {@link Traits}) is said once, where it is registered.
 */
public final class Layers {
    private static final Map<String, LayerFactory> FACTORIES = new TreeMap<>();
    private static final Map<String, Traits> TRAITS = new TreeMap<>();

    /**
     * A lower bound on a layer's parameters from its widths, without building it: what a reader compares with the
     * values a model file holds before it builds anything. In doubles, so hostile widths cannot overflow it.
     */
    @FunctionalInterface
    public interface Size {
        /** At least one in x out weight: what every layer that maps widths has. */
        Size IN_OUT = (in, out, last, config) -> in * out;
        /** Heads concatenated (hidden split over them) or, in a model's last layer, each mapping to all outputs. */
        Size HEADS = (in, out, last, config) -> last ? in * out * config.heads() : in * out;

        double leastParameters(double in, double out, boolean last, ModelConfig config);
    }

    /**
     * What a layer asks of its callers. {@code needsSelfLoops}: every node must carry a self loop in the input graphs
     * (GCN's {@code A + I}; callers add them once per graph). {@code multiHead}: the layer has attention heads, splits
     * the hidden width over them (which must divide it) and keeps a score per edge and head. {@code size}: a lower
     * bound on its parameters. {@code relational}: the layer keeps weights per relation, read from the graphs' edge
     * types (R-GCN).
     */
    public record Traits(boolean needsSelfLoops, boolean multiHead, Size size, boolean relational) {
        public static final Traits NONE = new Traits(false, false, Size.IN_OUT, false);
        public static final Traits SELF_LOOPS = new Traits(true, false, Size.IN_OUT, false);
        public static final Traits MULTI_HEAD = new Traits(false, true, Size.HEADS, false);
        /** Weights per relation: the graphs carry edge types, the model config the number of relations. */
        public static final Traits RELATIONAL = new Traits(false, false, Size.IN_OUT, true);

        /** These traits with another parameter bound. */
        public Traits sized(Size other) {
            return new Traits(needsSelfLoops, multiHead, other, relational);
        }
    }

    static {
        register("gcn", (in, out, last, c, random, dtype) -> new GCNConv(in, out, true, random, dtype),
                Traits.SELF_LOOPS);
        register("sage", (in, out, last, c, random, dtype) -> SAGEConv.builder(in, out).seed(random.nextLong())
                .dtype(dtype).build(), Traits.NONE.sized((in, out, last, c) -> 2 * in * out));
        // with norm "batch", GIN's MLP is Linear, BatchNorm, ReLU, Linear, as in Xu et al.
        register("gin", (in, out, last, c, random, dtype) -> new GINConv(MLP.builder(in, out, out)
                .norm(c.norm().equals("batch") ? MLP.Norm.BATCH : MLP.Norm.NONE).seed(random.nextLong()).dtype(dtype)
                .build()), Traits.NONE.sized((in, out, last, c) -> in * out + out * out));
        register("gat", (in, out, last, c, random, dtype) -> GATConv.builder(in, last ? out : perHead(out, c))
                .heads(c.heads()).concat(!last).dropout(c.dropout()).seed(random.nextLong()).dtype(dtype).build(),
                Traits.MULTI_HEAD);
        register("gatv2", (in, out, last, c, random, dtype) -> GATv2Conv.builder(in, last ? out : perHead(out, c))
                .heads(c.heads()).concat(!last).dropout(c.dropout()).seed(random.nextLong()).dtype(dtype).build(),
                Traits.MULTI_HEAD);
        register("transformer", (in, out, last, c, random, dtype) -> TransformerConv.builder(in,
                last ? out : perHead(out, c)).heads(c.heads()).concat(!last).dropout(c.dropout())
                .seed(random.nextLong()).dtype(dtype).build(), Traits.MULTI_HEAD);
        register("edgeconv", (in, out, last, c, random, dtype) -> new EdgeConv(MLP.builder(2 * in, out, out)
                .seed(random.nextLong()).dtype(dtype).build(), new MaxAggregation()),
                Traits.NONE.sized((in, out, last, c) -> 2 * in * out + out * out));
        // a root weight and one weight per relation, as Schlichtkrull et al. without decomposition
        register("rgcn", (in, out, last, c, random, dtype) -> new RelationalLayer(in, out, c.relations(), random,
                dtype), Traits.RELATIONAL.sized((in, out, last, c) -> (c.relations() + 1.0) * in * out));
        // DeepSets: phi is a stack of these, the readout pools, the head is rho
        register("deepsets", (in, out, last, c, random, dtype) -> new ElementLayer(in, out,
                random, dtype));
        // a pre-transform in x in, a post-transform from every aggregator and scaler, a final out x out
        register("pna", (in, out, last, c, random, dtype) -> PNAConv.builder(in, out, c.delta())
                .seed(random.nextLong()).dtype(dtype).build(),
                Traits.NONE.sized((in, out, last, c) -> in * in + in * out + out * out));
    }

    private Layers() {
    }

    private static int perHead(int width, ModelConfig config) {
        if (width % config.heads() != 0) {
            throw new IllegalArgumentException("hidden width " + width + " is not divisible by " + config.heads()
                    + " heads");
        }
        return width / config.heads();
    }

    /** Adds a layer under {@code name} that asks nothing of its callers. */
    public static synchronized void register(String name, LayerFactory factory) {
        register(name, factory, Traits.NONE);
    }

    /** Adds a layer under {@code name}, with what it asks of its callers. */
    public static synchronized void register(String name, LayerFactory factory, Traits traits) {
        if (factory == null || traits == null) {
            throw new IllegalArgumentException("layer '" + name + "' is registered without a factory or traits");
        }
        FACTORIES.put(name, factory);
        TRAITS.put(name, traits);
    }

    /** Whether the layer expects every node to carry a self loop (GCN's A + I); false for an unknown name. */
    public static synchronized boolean needsSelfLoops(String name) {
        return traits(name).needsSelfLoops();
    }

    /** Whether the layer has attention heads over which the hidden width is split; false for an unknown name. */
    public static synchronized boolean multiHead(String name) {
        return traits(name).multiHead();
    }

    /** Whether the layer keeps weights per relation (R-GCN); false for an unknown name. */
    public static synchronized boolean relational(String name) {
        return traits(name).relational();
    }

    /** The lower bound on the parameters of a layer of this name; in x out for an unknown name. */
    public static synchronized Size size(String name) {
        return traits(name).size();
    }

    private static Traits traits(String name) {
        return TRAITS.getOrDefault(name, Traits.NONE);
    }

    public static synchronized LayerFactory factory(String name) {
        LayerFactory f = FACTORIES.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown layer '" + name + "'; known layers: "
                    + String.join(", ", FACTORIES.keySet()));
        }
        return f;
    }

    public static synchronized Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(FACTORIES.keySet()));
    }
}
