package org.erlangen.gnn.conv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.erlangen.graph.RelationalGraph;
import org.erlangen.nn.Init;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The relational graph convolution of Schlichtkrull et al. (2018):
 * {@code h_i' = W_0 h_i + b + sum_r sum_{j in N_r(i)} (1 / |N_r(i)|) W_r h_j}, a weight per relation, averaged per
 * relation over each node's in-neighbours under it (PyG's {@code RGCNConv} with {@code aggr="mean"}).
 *
 * <p>With many relations the weights are shared through a decomposition: {@link Decomposition#BASIS}
 * ({@code W_r = sum_b a_rb V_b}, B bases shared by all relations) or {@link Decomposition#BLOCK} (each W_r
 * block-diagonal, B blocks). A {@linkplain #featureless featureless} layer reads no input features: node i's input
 * is the i-th unit vector, so {@code W h_j} is row j of W (R-GCN's setting for RDF entities).
 *
 * <p>Each relation transforms only the nodes that send under it; the results of all relations, stacked, go through one
 * sparse product that averages them into the receivers ({@link RelationalGraph#stacked()}).
 */
public final class RGCNConv extends Module {
    /** How the relation weights are parameterised. */
    public enum Decomposition {
        /** A full weight per relation. */
        NONE,
        /** {@code W_r = sum_b a_rb V_b}: B bases and R x B coefficients. */
        BASIS,
        /** W_r block-diagonal with B blocks of (in / B) x (out / B). */
        BLOCK
    }

    private final int in;
    private final int out;
    private final int relations;
    private final Decomposition decomposition;
    private final int count;
    private final boolean featureless;
    private final Tensor weight;
    private final Tensor coefficients;
    private final Tensor root;
    private final Tensor bias;

    /**
     * A layer from {@code in} features to {@code out}.
     *
     * @param count bases or blocks (ignored for {@link Decomposition#NONE}); blocks must divide in and out
     */
    public RGCNConv(int in, int out, int relations, Decomposition decomposition, int count, boolean useBias,
            RandomGenerator random, DataType dtype) {
        this(in, out, relations, decomposition, count, useBias, false, random, dtype);
    }

    /** A layer whose input is each node's identity: {@code nodes} rows of weights per relation, no input tensor. */
    public static RGCNConv featureless(int nodes, int out, int relations, Decomposition decomposition, int bases,
            boolean useBias, RandomGenerator random, DataType dtype) {
        if (decomposition == Decomposition.BLOCK) {
            throw new IllegalArgumentException("a featureless R-GCN layer takes no block-diagonal decomposition "
                    + "(its input is one-hot); use NONE or BASIS");
        }
        return new RGCNConv(nodes, out, relations, decomposition, bases, useBias, true, random, dtype);
    }

    private RGCNConv(int in, int out, int relations, Decomposition decomposition, int count, boolean useBias,
            boolean featureless, RandomGenerator random, DataType dtype) {
        if (in < 1 || out < 1 || relations < 1) {
            throw new IllegalArgumentException("R-GCN needs in, out and relations >= 1, got " + in + ", " + out + ", "
                    + relations);
        }
        this.in = in;
        this.out = out;
        this.relations = relations;
        this.decomposition = decomposition;
        this.featureless = featureless;
        double bound = Math.sqrt(6.0 / (in + out));
        switch (decomposition) {
            case NONE -> {
                count = relations;
                weight = parameter("weight", Init.uniform(bound, random, dtype, (long) relations * in, out));
                coefficients = null;
            }
            case BASIS -> {
                if (count < 1) {
                    throw new IllegalArgumentException("a basis decomposition needs >= 1 basis, got " + count);
                }
                weight = parameter("basis", Init.uniform(bound, random, dtype, (long) count * in, out));
                coefficients = parameter("coefficients", Init.glorotUniform(relations, count, random, dtype));
            }
            case BLOCK -> {
                if (count < 1 || in % count != 0 || out % count != 0) {
                    throw new IllegalArgumentException(count + " blocks must divide both in (" + in + ") and out ("
                            + out + ")");
                }
                double blockBound = Math.sqrt(6.0 / ((in + out) / count));
                weight = parameter("blocks", Init.uniform(blockBound, random, dtype, (long) relations * in,
                        out / count));
                coefficients = null;
            }
            default -> throw new IllegalStateException();
        }
        this.count = count;
        root = parameter("root", Init.uniform(bound, random, dtype, in, out));
        bias = useBias ? parameter("bias", Init.zeros(dtype, out)) : null;
    }

    public int outputWidth() {
        return out;
    }

    public boolean isFeatureless() {
        return featureless;
    }

    /**
     * The new node features [nodes, out] from x [nodes, in] (null for a featureless layer).
     *
     * @throws IllegalArgumentException if the graph's relations or nodes, or x's width, do not fit the layer
     */
    public Tensor forward(RelationalGraph graph, Tensor x) {
        if (graph.relationCount() != relations) {
            throw new IllegalArgumentException("the layer has " + relations + " relations, the graph "
                    + graph.relationCount());
        }
        if (featureless) {
            if (x != null) {
                throw new IllegalArgumentException("a featureless layer reads no input features");
            }
            if (graph.numNodes() != in) {
                throw new IllegalArgumentException("the featureless layer was made for " + in + " nodes, the graph "
                        + "has " + graph.numNodes());
            }
        } else if (x == null || x.rank() != 2 || x.size(1) != in || x.rows() != graph.numNodes()) {
            throw new IllegalArgumentException("R-GCN takes features [" + graph.numNodes() + ", " + in + "], got "
                    + (x == null ? "none" : Arrays.toString(x.shape())));
        }
        Tensor h = featureless ? root : Ops.matmul(x, root);
        if (bias != null) {
            h = Ops.add(h, bias);
        }
        if (decomposition == Decomposition.BASIS && !featureless) {
            return Ops.add(h, basisMessages(graph, x));
        }
        // the relation weights, [relations * in, out] (stacked), for NONE and BASIS
        Tensor stacked = decomposition == Decomposition.BASIS ? Shapes.reshape(Ops.matmul(coefficients,
                Shapes.reshape(weight, count, (long) in * out)), (long) relations * in, out) : weight;
        RelationalGraph.Stacked all = graph.stacked();
        if (all.adjacency().entryCount() == 0) {
            return h;
        }
        // every relation's transformed senders stacked, then one sparse product averages them into the receivers
        Tensor messages;
        if (featureless) {
            int[] rows = new int[all.offsets()[relations]];
            for (int r = 0; r < relations; r++) {
                int[] senders = graph.relation(r).senders();
                for (int i = 0; i < senders.length; i++) {
                    rows[all.offsets()[r] + i] = r * in + senders[i];
                }
            }
            messages = Sparse.indexSelect(stacked, rows);
        } else {
            List<Tensor> parts = new ArrayList<>();
            for (int r = 0; r < relations; r++) {
                int[] senders = graph.relation(r).senders();
                if (senders.length > 0) {
                    parts.add(transform(stacked, x, r, senders));
                }
            }
            messages = parts.size() == 1 ? parts.get(0) : Shapes.concat(0, parts.toArray(Tensor[]::new));
        }
        return Ops.add(h, Sparse.spmm(all.adjacency(), Tensor.constant(all.meanWeights(h.dtype())), messages));
    }

    /**
     * The averaged messages of a basis-decomposed layer, aggregated before they are transformed:
     * {@code sum_b (sum over edges e into i of a[r_e, b] / c[i, r_e] x_j) V_b}, one sparse product per basis over
     * all edges and one dense product, so no tensor grows with edges times width (what lets R-GCN encode a knowledge
     * graph of 500,000 edges per step).
     */
    private Tensor basisMessages(RelationalGraph graph, Tensor x) {
        RelationalGraph.Merged merged = graph.merged();
        if (merged.adjacency().entryCount() == 0) {
            return Tensor.constant(Nd4j.zeros(x.data().dataType(), graph.numNodes(), out));
        }
        Tensor meanWeights = Tensor.constant(Nd4j.createFromArray(merged.meanWeights()).castTo(x.data().dataType()));
        Tensor[] aggregates = new Tensor[count];
        for (int b = 0; b < count; b++) {
            // each entry's coefficient for basis b, from its relation, times the mean's weight
            Tensor perRelation = Shapes.slice(coefficients, 1, b, b + 1);
            Tensor perEntry = Shapes.reshape(Sparse.indexSelect(perRelation, merged.types()),
                    merged.types().length);
            aggregates[b] = Sparse.spmm(merged.adjacency(), Ops.mul(perEntry, meanWeights), x);
        }
        Tensor all = count == 1 ? aggregates[0] : Shapes.concat(1, aggregates);
        return Ops.matmul(all, weight);
    }

    /** {@code W_r x_j} for the senders j of relation r, [senders, out]. */
    private Tensor transform(Tensor stacked, Tensor x, int r, int[] senders) {
        Tensor xs = Sparse.indexSelect(x, senders);
        if (decomposition != Decomposition.BLOCK) {
            return Ops.matmul(xs, Shapes.slice(stacked, 0, (long) r * in, (long) (r + 1) * in));
        }
        int blockIn = in / count;
        Tensor[] parts = new Tensor[count];
        for (int b = 0; b < count; b++) {
            long from = (long) r * in + (long) b * blockIn;
            parts[b] = Ops.matmul(Shapes.slice(xs, 1, (long) b * blockIn, (long) (b + 1) * blockIn),
                    Shapes.slice(weight, 0, from, from + blockIn));
        }
        return Shapes.concat(1, parts);
    }
}
