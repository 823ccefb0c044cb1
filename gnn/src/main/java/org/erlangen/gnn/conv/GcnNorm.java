package org.erlangen.gnn.conv;

import org.erlangen.graph.Graph;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The symmetric normalisation of Kipf and Welling, {@code D^-1/2 (A + I) D^-1/2}, as one weight per stored edge of a
 * graph that already has its self loops. The degree is the in-degree (as in PyTorch Geometric's {@code gcn_norm}), so
 * a directed graph is normalised the way PyG normalises it. Computed once per graph and data type and kept with the graph's adjacency (outside any step workspace, so it
 * outlives the step).
 */
public final class GcnNorm {
    private record Key(DataType dtype) {
    }

    private GcnNorm() {
    }

    public static INDArray edgeWeights(Graph graph, DataType dtype) {
        return graph.adjacency().derived(new Key(dtype), () -> Workspace.outside(() -> compute(graph, dtype)));
    }

    private static INDArray compute(Graph graph, DataType dtype) {
        int[] degree = graph.inDegrees();
        double[] invSqrt = new double[degree.length];
        for (int v = 0; v < degree.length; v++) {
            invSqrt[v] = degree[v] == 0 ? 0.0 : 1.0 / Math.sqrt(degree[v]);
        }
        var adjacency = graph.adjacency();
        int[] receiver = adjacency.rowOfEntries();
        double[] w = new double[adjacency.entryCount()];
        for (int e = 0; e < w.length; e++) {
            w[e] = invSqrt[adjacency.col(e)] * invSqrt[receiver[e]];
        }
        return Nd4j.createFromArray(w).castTo(dtype);
    }
}
