package org.erlangen.gnn.geometric;

import java.util.Arrays;
import org.erlangen.graph.Graph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The atom type of every node of a 3D molecular graph: a 3D model's graph carries one node feature, the index of
 * the atom's type (0 to {@code types - 1}), which the model looks up in its embedding table.
 */
public final class AtomTypeIndex {
    private AtomTypeIndex() {
    }

    /** The type of every node; throws when node features are not one whole number in {@code [0, types)} per node. */
    public static int[] of(Graph graph, int types) {
        INDArray f = graph.nodeFeatures();
        if (f == null || f.rank() != 2 || f.size(1) != 1) {
            throw new IllegalArgumentException("a 3D molecular graph needs node features of shape [nodes, 1] holding"
                    + " atom type indices, got " + (f == null ? "none" : Arrays.toString(f.shape())));
        }
        int n = graph.numNodes();
        int[] types0 = new int[n];
        double[] values = f.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (v != Math.rint(v) || v < 0 || v >= types) {
                throw new IllegalArgumentException("node " + i + " has atom type " + v + ", expected a whole number in"
                        + " [0, " + types + ")");
            }
            types0[i] = (int) v;
        }
        return types0;
    }

    /** How many atoms of each type {@code atomTypes} holds. */
    public static int[] counts(int[] atomTypes, int types) {
        int[] n = new int[types];
        for (int t : atomTypes) {
            n[t]++;
        }
        return n;
    }
}
