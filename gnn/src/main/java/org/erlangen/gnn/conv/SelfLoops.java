package org.erlangen.gnn.conv;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.erlangen.graph.Graph;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A graph's edges with every self loop removed and exactly one loop added per node, as the attention layers of
 * PyTorch Geometric do ({@code remove_self_loops} then {@code add_self_loops(fill_value="mean")}): the features of a
 * new loop are the mean of the features of the node's other incoming edges (zeros when it has none). Built once per
 * graph and kept with its adjacency.
 */
final class SelfLoops {
    private static final Object KEY = new Object();

    private final Graph looped;
    /** Gathers the looped graph's edge features from {@code [original edges; per-node loop features]}. */
    private final Csr pick;
    /** Rows: nodes; columns: original edges other than loops, for the mean over each node's incoming edges. */
    private final Csr incoming;
    private final Map<DataType, INDArray> incomingWeights = new EnumMap<>(DataType.class);

    private SelfLoops(Graph looped, Csr pick, Csr incoming) {
        this.looped = looped;
        this.pick = pick;
        this.incoming = incoming;
    }

    static SelfLoops of(Graph graph) {
        return graph.adjacency().derived(KEY, () -> build(graph));
    }

    /** The graph with one self loop per node and no other loops. */
    Graph graph() {
        return looped;
    }

    /** Edge features {@code [E, D]} of the original graph, in its stored order, moved to the looped graph's edges. */
    Tensor edgeAttr(Tensor original) {
        if (original.rank() != 2 || original.rows() != incoming.colCount()) {
            throw new IllegalArgumentException("edge features must be [" + incoming.colCount() + ", D], got "
                    + Arrays.toString(original.shape()));
        }
        Tensor loopMeans = Sparse.spmm(incoming, Tensor.constant(weights(original.dtype())), original);
        return Sparse.gatherCols(Shapes.concat(0, original, loopMeans), pick);
    }

    private synchronized INDArray weights(DataType dtype) {
        return incomingWeights.computeIfAbsent(dtype, t -> Workspace.outside(() -> {
            Segments rows = incoming.rows();
            double[] w = new double[incoming.entryCount()];
            for (int r = 0; r < rows.count(); r++) {
                for (int k = rows.start(r); k < rows.end(r); k++) {
                    w[k] = 1.0 / rows.size(r);
                }
            }
            return Nd4j.createFromArray(w).castTo(t);
        }));
    }

    private static SelfLoops build(Graph graph) {
        int n = graph.numNodes();
        int[] senders = graph.senders();
        int[] receivers = graph.receivers();
        int edges = senders.length;
        int kept = 0;
        int[] keptEdge = new int[edges];
        int[] incomingSizes = new int[n];
        for (int e = 0; e < edges; e++) {
            if (senders[e] != receivers[e]) {
                keptEdge[kept++] = e;
                incomingSizes[receivers[e]]++;
            }
        }
        int[] s = new int[kept + n];
        int[] r = new int[kept + n];
        for (int i = 0; i < kept; i++) {
            s[i] = senders[keptEdge[i]];
            r[i] = receivers[keptEdge[i]];
        }
        for (int v = 0; v < n; v++) {
            s[kept + v] = v;
            r[kept + v] = v;
        }
        Graph looped = Graph.builder(n).edges(s, r).build();
        // stored edge k of the looped graph came from input position p: a kept edge, or the loop of node p - kept
        int[] order = looped.edgeOrder();
        int[] source = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            int p = order[k];
            source[k] = p < kept ? keptEdge[p] : edges + (p - kept);
        }
        Csr pick = Csr.selection(source, edges + n);
        // the original edges are sorted by receiver, so the kept ones are too: their ids form each node's row
        Csr incoming = new Csr(Segments.ofSizes(incomingSizes), Arrays.copyOf(keptEdge, kept), edges);
        return new SelfLoops(looped, pick, incoming);
    }
}
