package org.erlangen.gnn.attention;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiFunction;
import org.erlangen.gnn.conv.GCNConv;
import org.erlangen.graph.Graph;
import org.erlangen.nn.LayerNorm;
import org.erlangen.nn.MLP;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One layer of a GPS graph transformer (Rampasek et al. 2022): a local message-passing layer and global attention
 * over all nodes of the same graph run side by side on the input, each with a residual and a norm, their sum goes
 * through an MLP with a residual and a norm:
 * <pre>
 * h_local = norm1(x + local(graph, x))
 * h_attn  = norm2(x + attention(x, x over the nodes of each graph))
 * h       = h_local + h_attn
 * out     = norm3(h + mlp(h))
 * </pre>
 * Norms are layer norms (the paper's default is batch norm) and there is no dropout. The local layer maps
 * {@code [N, dim]} to {@code [N, dim]}; it sees the whole batched graph, the attention only the node's own graph.
 */
public final class GPSLayer extends Module {
    private final int dim;
    private final BiFunction<Graph, Tensor, Tensor> local;
    private final MultiHeadAttention attention;
    private final LayerNorm normLocal;
    private final LayerNorm normAttention;
    private final MLP mlp;
    private final LayerNorm normOut;

    /**
     * {@code localForward} is the local layer's forward pass; {@code localModule} holds its parameters (registered as
     * child {@code local}), or is null when it has none. The MLP is {@code dim -> 2 dim -> dim} with ReLU.
     */
    public GPSLayer(int dim, int heads, Module localModule, BiFunction<Graph, Tensor, Tensor> localForward,
            Random random, DataType dtype) {
        this.dim = dim;
        this.local = Objects.requireNonNull(localForward, "localForward");
        if (localModule != null) {
            child("local", localModule);
        }
        attention = child("attention", new MultiHeadAttention(dim, dim, dim, heads, random, dtype));
        normLocal = child("normLocal", new LayerNorm(dim, LayerNorm.DEFAULT_EPS, true, dtype));
        normAttention = child("normAttention", new LayerNorm(dim, LayerNorm.DEFAULT_EPS, true, dtype));
        mlp = child("mlp", MLP.builder(dim, 2 * dim, dim).dtype(dtype).seed(random.nextLong()).build());
        normOut = child("normOut", new LayerNorm(dim, LayerNorm.DEFAULT_EPS, true, dtype));
    }

    /** With a {@link GCNConv} as the local layer; the graph passed to {@link #forward} must carry self loops. */
    public static GPSLayer withGcn(int dim, int heads, Random random, DataType dtype) {
        GCNConv conv = new GCNConv(dim, dim, true, random, dtype);
        return new GPSLayer(dim, heads, conv, conv::forward, random, dtype);
    }

    /**
     * {@code x [N, dim]} over the nodes of {@code graph}; {@code nodes} groups them into graphs (for a
     * {@link org.erlangen.graph.GraphBatch}, {@code AttentionPatterns.of(batch.nodesPerGraph())}, built once per
     * batch).
     */
    public Tensor forward(Graph graph, Tensor x, AttentionPatterns nodes) {
        if (x.rank() != 2 || x.size(1) != dim || x.rows() != graph.numNodes() || nodes.sets().total() != x.rows()) {
            throw new IllegalArgumentException("GPS layer of width " + dim + " expects x [" + graph.numNodes() + ", "
                    + dim + "] with " + nodes.sets().total() + " grouped nodes, got "
                    + Arrays.toString(x.shape()));
        }
        Tensor hLocal = normLocal.forward(Ops.add(x, local.apply(graph, x)));
        Tensor hAttention = normAttention.forward(Ops.add(x, attention.forward(x, x, nodes.within())));
        Tensor h = Ops.add(hLocal, hAttention);
        return normOut.forward(Ops.add(h, mlp.forward(h)));
    }
}
