package org.erlangen.gnn.testing;

import java.util.ArrayList;
import java.util.List;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.nd4j.linalg.api.buffer.DataType;

/** Small random batches of graphs. */
public final class Batches {
    private Batches() {
    }

    /** Random graphs with the given node counts (edges about twice the nodes), node features of {@code width}. */
    public static GraphBatch random(int[] sizes, int width, long seed, DataType dtype) {
        List<Graph> graphs = new ArrayList<>();
        for (int b = 0; b < sizes.length; b++) {
            int n = sizes[b];
            int m = (int) Math.min(2L * n, (long) n * (n - 1));
            Graph g = RandomGraphs.of(n, m).nodeFeatures(width).seed(seed * 31 + b).build();
            graphs.add(g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(dtype)).build());
        }
        return GraphBatch.of(graphs);
    }
}
