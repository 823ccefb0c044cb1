package org.erlangen.graph;

import java.util.Arrays;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which optional parts a graph has, with their data types and per-row shapes: graphs can be batched together only
 * when their layouts agree.
 */
final class Layout {
    /** The optional parts of a graph, in the order they are checked. */
    enum Part {
        NODE_FEATURES("node features", Graph::nodeFeatures),
        EDGE_FEATURES("edge features", Graph::edgeFeatures),
        POSITIONS("positions", Graph::positions),
        NODE_TARGETS("node targets", Graph::nodeTargets),
        GRAPH_TARGETS("graph targets", Graph::graphTargets);

        final String label;
        final Function<Graph, INDArray> get;

        Part(String label, Function<Graph, INDArray> get) {
            this.label = label;
            this.get = get;
        }

        /** Shape of one row; graph targets are flattened, so theirs is their length. */
        long[] rowShape(INDArray a) {
            if (this == GRAPH_TARGETS) {
                return new long[] {a.length()};
            }
            return Arrays.copyOfRange(a.shape(), 1, a.rank());
        }
    }

    private final DataType[] dtypes = new DataType[Part.values().length];
    private final long[][] rowShapes = new long[Part.values().length][];

    private Layout(Graph g) {
        for (Part p : Part.values()) {
            INDArray a = p.get.apply(g);
            if (a != null) {
                dtypes[p.ordinal()] = a.dataType();
                rowShapes[p.ordinal()] = p.rowShape(a);
            }
        }
    }

    static Layout of(Graph g) {
        return new Layout(g);
    }

    boolean has(Part p) {
        return dtypes[p.ordinal()] != null;
    }

    DataType dtype(Part p) {
        return dtypes[p.ordinal()];
    }

    long[] rowShape(Part p) {
        return rowShapes[p.ordinal()].clone();
    }

    /**
     * Throws when {@code other} differs from this layout, naming both graphs; {@code name} and {@code firstName}
     * say which graphs they are (e.g. "graph 3" and "graph 0").
     */
    void check(Graph other, String name, String firstName) {
        for (Part p : Part.values()) {
            INDArray a = p.get.apply(other);
            int i = p.ordinal();
            if ((a != null) != (dtypes[i] != null)) {
                throw new IllegalArgumentException(name + (a == null ? " has no " : " has ") + p.label + " but "
                        + firstName + (a == null ? " has" : " has none") + ": all graphs of a batch need the same parts");
            }
            if (a == null) {
                continue;
            }
            if (a.dataType() != dtypes[i]) {
                throw new IllegalArgumentException(name + " " + p.label + " are " + a.dataType() + " but " + firstName
                        + "'s are " + dtypes[i]);
            }
            long[] shape = p.rowShape(a);
            if (!Arrays.equals(shape, rowShapes[i])) {
                throw new IllegalArgumentException(name + " " + p.label + " have shape " + Arrays.toString(a.shape())
                        + ", expected rows of shape " + Arrays.toString(rowShapes[i]) + " like " + firstName);
            }
        }
    }
}
