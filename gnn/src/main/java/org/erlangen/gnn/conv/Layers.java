package org.erlangen.gnn.conv;

import java.util.Arrays;
import org.erlangen.graph.Graph;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/** Input checks and small helpers shared by the layers. */
final class Layers {
    private Layers() {
    }

    /** Checks that {@code x} is {@code [graph.numNodes(), width]}. */
    static void checkNodes(String layer, Graph graph, Tensor x, long width) {
        if (x.rank() != 2 || x.rows() != graph.numNodes() || x.size(1) != width) {
            throw new IllegalArgumentException(layer + " expects node features [" + graph.numNodes() + ", " + width
                    + "], got " + Arrays.toString(x.shape()));
        }
    }

    /**
     * Checks the edge features against the layer's edge width: {@code [E, edgeDim]} when it has one, none otherwise.
     */
    static void checkEdges(String layer, Graph graph, Tensor edgeAttr, int edgeDim) {
        if (edgeDim == 0) {
            if (edgeAttr != null) {
                throw new IllegalArgumentException(layer + " was built without edge features (edgeDim 0) but got"
                        + " edge features " + Arrays.toString(edgeAttr.shape()));
            }
            return;
        }
        if (edgeAttr == null) {
            throw new IllegalArgumentException(layer + " was built for edge features of width " + edgeDim
                    + " but got none");
        }
        if (edgeAttr.rank() != 2 || edgeAttr.rows() != graph.numEdges() || edgeAttr.size(1) != edgeDim) {
            throw new IllegalArgumentException(layer + " expects edge features [" + graph.numEdges() + ", " + edgeDim
                    + "], got " + Arrays.toString(edgeAttr.shape()));
        }
    }

    /** The graph's own edge features as a constant of {@code dtype}, when the layer uses edge features at all. */
    static Tensor graphEdges(String layer, Graph graph, int edgeDim, DataType dtype) {
        if (edgeDim == 0) {
            return null;
        }
        if (graph.edgeFeatures() == null) {
            throw new IllegalArgumentException(layer + " was built for edge features of width " + edgeDim
                    + " but the graph has none");
        }
        var e = graph.edgeFeatures();
        return Tensor.constant(e.dataType() == dtype ? e : e.castTo(dtype));
    }

    static void checkPositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    static void checkProbability(String what, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + p);
        }
    }
}
