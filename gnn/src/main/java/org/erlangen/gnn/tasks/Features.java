package org.erlangen.gnn.tasks;

import org.erlangen.graph.Graph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Feature preprocessing shared by training tasks. */
public final class Features {
    private Features() {
    }

    /** Each node's features divided by their sum (rows summing to zero stay zero), as Kipf and Welling do for Cora. */
    public static Graph normalizeRows(Graph graph) {
        INDArray x = graph.nodeFeatures();
        INDArray rowSums = x.sum(true, 1);
        rowSums.addi(rowSums.eq(0.0).castTo(rowSums.dataType()));
        return graph.toBuilder().nodeFeatures(x.divColumnVector(rowSums)).build();
    }
}
