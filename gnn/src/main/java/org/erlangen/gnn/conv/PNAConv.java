package org.erlangen.gnn.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.erlangen.gnn.aggr.Aggregation;
import org.erlangen.gnn.aggr.DegreeScaler;
import org.erlangen.gnn.aggr.MultiAggregation;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Activation;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.ModuleList;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Principal Neighbourhood Aggregation (Corso et al., 2020) as PyTorch Geometric's {@code PNAConv}. The node features
 * go to {@code towers} towers (each gets all of them, or a slice with {@code divideInput}); in tower {@code t} the
 * message of edge {@code j -> i} is {@code pre_t([x_i, x_j, E e_ji])}, the messages are aggregated by every
 * aggregator and scaled by every degree scaler ({@link MultiAggregation}), {@code post_t([x_i, aggregates])} maps
 * the result to {@code out / towers} features, and a final linear layer {@code lin} mixes the towers' outputs.
 * {@code pre} and {@code post} are stacks of linear layers with an activation (ReLU) between.
 *
 * <p>Speed: the first linear layer of {@code pre} is split into its receiver, sender and edge blocks and applied to
 * node (and edge) features before they are gathered, so per edge only a sum of gathered rows remains when
 * {@code pre} has one layer (the default). Parameters: {@code edge_encoder.*}, {@code pre_nns.t.l.*},
 * {@code post_nns.t.l.*}, {@code lin.*}.
 */
public final class PNAConv extends MessagePassing implements GraphLayer {
    private final int in;
    private final int towers;
    private final int towerIn;
    private final int edgeDim;
    private final boolean divideInput;
    private final Activation activation;
    private final int blocks;
    private final Linear edgeEncoder;
    private final ModuleList<ModuleList<Linear>> pre;
    private final ModuleList<ModuleList<Linear>> post;
    private final Linear lin;

    private PNAConv(Builder b, MultiAggregation aggregation) {
        super(aggregation);
        this.in = b.in;
        this.towers = b.towers;
        this.divideInput = b.divideInput;
        this.towerIn = divideInput ? in / towers : in;
        this.edgeDim = b.edgeDim;
        this.activation = b.activation;
        this.blocks = aggregation.outputWidth(1);
        int towerOut = b.out / towers;
        var rng = new SplittableRandom(b.seed);
        var scheme = Init.Scheme.GLOROT_UNIFORM;
        this.edgeEncoder = edgeDim > 0 ? child("edge_encoder", new Linear(edgeDim, towerIn, true, scheme, rng,
                b.dtype)) : null;
        this.pre = child("pre_nns", new ModuleList<>());
        this.post = child("post_nns", new ModuleList<>());
        for (int t = 0; t < towers; t++) {
            ModuleList<Linear> p = pre.add(new ModuleList<>());
            p.add(new Linear((edgeDim > 0 ? 3 : 2) * towerIn, towerIn, true, scheme, rng, b.dtype));
            for (int l = 1; l < b.preLayers; l++) {
                p.add(new Linear(towerIn, towerIn, true, scheme, rng, b.dtype));
            }
            ModuleList<Linear> q = post.add(new ModuleList<>());
            q.add(new Linear((blocks + 1) * towerIn, towerOut, true, scheme, rng, b.dtype));
            for (int l = 1; l < b.postLayers; l++) {
                q.add(new Linear(towerOut, towerOut, true, scheme, rng, b.dtype));
            }
        }
        this.lin = child("lin", new Linear(b.out, b.out, true, scheme, rng, b.dtype));
    }

    /**
     * PNA with aggregators mean, min, max, std and scalers identity, amplification, attenuation;
     * {@code delta} is the mean {@code log(in-degree + 1)} over the training graphs ({@link DegreeScaler#delta}).
     */
    public static Builder builder(int in, int out, double delta) {
        return new Builder(in, out, delta);
    }

    @Override
    public Tensor forward(Graph graph, Tensor x) {
        return forward(graph, x, Layers.graphEdges("PNAConv", graph, edgeDim, x.dtype()));
    }

    public Tensor forward(Graph graph, Tensor x, Tensor edgeAttr) {
        Layers.checkNodes("PNAConv", graph, x, in);
        Layers.checkEdges("PNAConv", graph, edgeAttr, edgeDim);
        Tensor[] xs = new Tensor[towers];
        for (int t = 0; t < towers; t++) {
            xs[t] = divideInput ? Shapes.slice(x, 1, (long) t * towerIn, (long) (t + 1) * towerIn) : x;
        }
        // the first pre layer on [x_i, x_j, e]: x_i W_i + b and x_j W_j per node, e W_e per edge, towers side by side
        Tensor receivers = firstLayerPart(xs, 0, true);
        Tensor senders = firstLayerPart(xs, 1, false);
        Tensor edgeTerm = null;
        if (edgeAttr != null) {
            Tensor encoded = edgeEncoder.forward(edgeAttr);
            edgeTerm = firstLayerPart(new Tensor[] {encoded}, 2, false);
        }
        Tensor aggregated = propagate(graph, senders, receivers, edgeTerm, null);
        Tensor[] outs = new Tensor[towers];
        int width = towers * towerIn;
        for (int t = 0; t < towers; t++) {
            List<Tensor> parts = new ArrayList<>();
            parts.add(xs[t]);
            if (towers == 1) {
                parts.add(aggregated);
            } else {
                for (int block = 0; block < blocks; block++) {
                    long from = (long) block * width + (long) t * towerIn;
                    parts.add(Shapes.slice(aggregated, 1, from, from + towerIn));
                }
            }
            outs[t] = stack(post.get(t), Shapes.concat(1, parts.toArray(new Tensor[0])));
        }
        return lin.forward(towers == 1 ? outs[0] : Shapes.concat(1, outs));
    }

    /**
     * The product of the inputs with block {@code part} (0 receiver, 1 sender, 2 edge) of every tower's first pre
     * layer, the towers' results side by side. One input serves all towers unless the input is divided.
     */
    private Tensor firstLayerPart(Tensor[] inputs, int part, boolean withBias) {
        long from = (long) part * towerIn;
        Tensor[] results = new Tensor[towers];
        if (inputs.length == 1 || !divideInput) {
            Tensor[] weights = new Tensor[towers];
            Tensor[] biases = new Tensor[towers];
            for (int t = 0; t < towers; t++) {
                Linear first = pre.get(t).get(0);
                weights[t] = Shapes.slice(first.weight(), 0, from, from + towerIn);
                biases[t] = first.bias();
            }
            Tensor w = towers == 1 ? weights[0] : Shapes.concat(1, weights);
            Tensor y = Ops.matmul(inputs[0], w);
            return withBias ? Ops.add(y, towers == 1 ? biases[0] : Shapes.concat(0, biases)) : y;
        }
        for (int t = 0; t < towers; t++) {
            Linear first = pre.get(t).get(0);
            Tensor y = Ops.matmul(inputs[t], Shapes.slice(first.weight(), 0, from, from + towerIn));
            results[t] = withBias ? Ops.add(y, first.bias()) : y;
        }
        return Shapes.concat(1, results);
    }

    /** The rest of each tower's pre layers on the per-edge output of the first (already summed from its parts). */
    @Override
    protected Tensor message(Messages m) {
        Tensor first = Ops.add(m.xI(), m.xJ());
        if (m.edgeAttr() != null) {
            first = Ops.add(first, m.edgeAttr());
        }
        if (pre.get(0).size() == 1) {
            return first;
        }
        Tensor[] outs = new Tensor[towers];
        for (int t = 0; t < towers; t++) {
            Tensor h = towers == 1 ? first : Shapes.slice(first, 1, (long) t * towerIn, (long) (t + 1) * towerIn);
            ModuleList<Linear> layers = pre.get(t);
            for (int l = 1; l < layers.size(); l++) {
                h = layers.get(l).forward(activation.apply(h));
            }
            outs[t] = h;
        }
        return towers == 1 ? outs[0] : Shapes.concat(1, outs);
    }

    private Tensor stack(ModuleList<Linear> layers, Tensor x) {
        Tensor h = layers.get(0).forward(x);
        for (int l = 1; l < layers.size(); l++) {
            h = layers.get(l).forward(activation.apply(h));
        }
        return h;
    }

    /** Options of a {@link PNAConv}. */
    public static final class Builder {
        private final int in;
        private final int out;
        private final double delta;
        private List<String> aggregators = List.of("mean", "min", "max", "std");
        private List<DegreeScaler> scalers = List.of(DegreeScaler.IDENTITY, DegreeScaler.AMPLIFICATION,
                DegreeScaler.ATTENUATION);
        private int edgeDim;
        private int towers = 1;
        private int preLayers = 1;
        private int postLayers = 1;
        private boolean divideInput;
        private Activation activation = Activation.RELU;
        private long seed;
        private DataType dtype = Init.DEFAULT_DTYPE;

        private Builder(int in, int out, double delta) {
            Layers.checkPositive("PNAConv input width", in);
            Layers.checkPositive("PNAConv output width", out);
            this.in = in;
            this.out = out;
            this.delta = delta;
        }

        /** By PyTorch Geometric's names: mean, min, max, std, var, sum, softmax. */
        public Builder aggregators(String... names) {
            for (String n : names) {
                Aggregation.of(n); // fails early on an unknown name
            }
            this.aggregators = List.of(names);
            return this;
        }

        public Builder scalers(DegreeScaler... s) {
            this.scalers = List.of(s);
            return this;
        }

        public Builder edgeDim(int d) {
            if (d < 0) {
                throw new IllegalArgumentException("PNAConv edge width must be non-negative, got " + d);
            }
            this.edgeDim = d;
            return this;
        }

        public Builder towers(int t) {
            Layers.checkPositive("PNAConv towers", t);
            this.towers = t;
            return this;
        }

        public Builder preLayers(int n) {
            Layers.checkPositive("PNAConv pre layers", n);
            this.preLayers = n;
            return this;
        }

        public Builder postLayers(int n) {
            Layers.checkPositive("PNAConv post layers", n);
            this.postLayers = n;
            return this;
        }

        /** Give each tower a slice of {@code in / towers} input features instead of all of them. */
        public Builder divideInput(boolean on) {
            this.divideInput = on;
            return this;
        }

        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder dtype(DataType t) {
            this.dtype = t;
            return this;
        }

        public PNAConv build() {
            if (out % towers != 0) {
                throw new IllegalArgumentException("PNAConv output width " + out + " is not divisible by " + towers
                        + " towers");
            }
            if (divideInput && in % towers != 0) {
                throw new IllegalArgumentException("PNAConv input width " + in + " is not divisible by " + towers
                        + " towers (divideInput)");
            }
            List<Aggregation> aggs = aggregators.stream().map(Aggregation::of).toList();
            return new PNAConv(this, new MultiAggregation(aggs, scalers, delta));
        }
    }
}
