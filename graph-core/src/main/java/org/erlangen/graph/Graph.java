package org.erlangen.graph;

import java.util.Arrays;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable graph in the Jraph style: node count, edges, and optional node features, edge features, node
 * positions and targets.
 *
 * <p>Edge direction: edge {@code e} goes from {@code senders()[e]} to {@code receivers()[e]}, and a message flows
 * from sender to receiver. Edges are stored sorted by receiver (stable, so input order is kept within a receiver):
 * that is the CSR {@link #adjacency()}, whose rows are receivers and whose columns are senders. {@link #edgeOrder()}
 * maps each stored edge back to its position in the input. Edge features are stored in the same sorted order.
 */
public final class Graph {
    private final int numNodes;
    private final Csr adjacency;
    private final int[] edgeOrder;
    private final INDArray nodeFeatures;
    private final INDArray edgeFeatures;
    private final INDArray positions;
    private final INDArray nodeTargets;
    private final INDArray graphTargets;
    private final int[] edgeTypes;
    private final int relationCount;

    private Graph(Builder b, Csr adjacency, int[] edgeOrder, INDArray edgeFeatures, int[] edgeTypes) {
        this.numNodes = b.numNodes;
        this.adjacency = adjacency;
        this.edgeOrder = edgeOrder;
        this.nodeFeatures = b.nodeFeatures;
        this.edgeFeatures = edgeFeatures;
        this.positions = b.positions;
        this.nodeTargets = b.nodeTargets;
        this.graphTargets = b.graphTargets;
        this.edgeTypes = edgeTypes;
        this.relationCount = b.relationCount;
    }

    public static Builder builder(int numNodes) {
        return new Builder(numNodes);
    }

    /**
     * The first {@code count} edges of {@code senders} and {@code receivers}, whose receivers never decrease, as a
     * graph without features: stored in the order given, so the CSR is counted, not sorted (a sampled batch's layer
     * graphs, built for every batch: the builder's copies and sort were a third of what a batch's preparation
     * allocated). The arrays are read, not kept.
     */
    public static Graph ofSortedEdges(int numNodes, int[] senders, int[] receivers, int count) {
        if (count < 0 || count > senders.length || count > receivers.length) {
            throw new IllegalArgumentException(count + " edges of " + senders.length + " senders and "
                    + receivers.length + " receivers");
        }
        Builder b = new Builder(numNodes);
        int[] ptr = new int[numNodes + 1];
        int last = 0;
        for (int e = 0; e < count; e++) {
            int r = receivers[e];
            if (r < last || r >= numNodes) {
                throw new IllegalArgumentException("edge " + e + " has receiver " + r + (r < last
                        ? " after receiver " + last + ": receivers must not decrease" : ", outside [0, " + numNodes
                        + ")"));
            }
            ptr[r + 1]++;
            last = r;
        }
        for (int i = 0; i < numNodes; i++) {
            ptr[i + 1] += ptr[i];
        }
        // the CSR's constructor checks each sender against the node count
        Csr csr = new Csr(Segments.ofPointers(ptr), Arrays.copyOf(senders, count), numNodes);
        return new Graph(b, csr, null, null, null);
    }

    /** A builder holding this graph's parts, for a modified copy. Edges are given in stored (sorted) order. */
    public Builder toBuilder() {
        Builder b = new Builder(numNodes).edges(senders(), receivers());
        b.nodeFeatures = nodeFeatures;
        b.edgeFeatures = edgeFeatures;
        b.positions = positions;
        b.nodeTargets = nodeTargets;
        b.graphTargets = graphTargets;
        b.edgeTypes = edgeTypes;
        b.relationCount = relationCount;
        return b;
    }

    /**
     * Each edge's relation, in [0, {@link #relationCount()}), in stored (sorted) order like {@link #senders()};
     * null for a graph whose edges are all alike.
     */
    public int[] edgeTypes() {
        return edgeTypes;
    }

    /** How many relations the edge types range over; 0 without edge types. */
    public int relationCount() {
        return relationCount;
    }

    public int numNodes() {
        return numNodes;
    }

    public int numEdges() {
        return adjacency.entryCount();
    }

    /** Rows receive, columns send; entry k is stored edge k. */
    public Csr adjacency() {
        return adjacency;
    }

    /** Sender of each stored edge. */
    public int[] senders() {
        return adjacency.toCols();
    }

    /** Receiver of each stored edge (non-decreasing). */
    public int[] receivers() {
        return adjacency.rowOfEntries().clone();
    }

    /** For stored edge k, its position in the edges given to the builder. */
    public int[] edgeOrder() {
        if (edgeOrder == null) {
            int[] identity = new int[adjacency.entryCount()];
            Arrays.setAll(identity, k -> k);
            return identity;
        }
        return edgeOrder.clone();
    }

    /** Number of edges into each node. */
    public int[] inDegrees() {
        return adjacency.rowSizes();
    }

    /** Number of edges out of each node. */
    public int[] outDegrees() {
        return adjacency.transpose().csr().rowSizes();
    }

    public INDArray nodeFeatures() {
        return nodeFeatures;
    }

    public INDArray edgeFeatures() {
        return edgeFeatures;
    }

    public INDArray positions() {
        return positions;
    }

    public INDArray nodeTargets() {
        return nodeTargets;
    }

    public INDArray graphTargets() {
        return graphTargets;
    }

    public long nodeFeatureCount() {
        return nodeFeatures == null ? 0 : nodeFeatures.size(1);
    }

    /**
     * This graph with a self loop added to every node that has none (edge features of new loops are zero).
     *
     * @throws IllegalStateException for a graph with edge types, where a loop would have no relation
     */
    public Graph withSelfLoops() {
        if (edgeTypes != null) {
            throw new IllegalStateException("self loops have no relation: a graph with edge types takes none");
        }
        int[] s = senders();
        int[] r = receivers();
        boolean[] has = new boolean[numNodes];
        for (int e = 0; e < s.length; e++) {
            if (s[e] == r[e]) {
                has[s[e]] = true;
            }
        }
        int missing = 0;
        for (boolean h : has) {
            missing += h ? 0 : 1;
        }
        int[] s2 = Arrays.copyOf(s, s.length + missing);
        int[] r2 = Arrays.copyOf(r, r.length + missing);
        int e = s.length;
        for (int v = 0; v < numNodes; v++) {
            if (!has[v]) {
                s2[e] = v;
                r2[e] = v;
                e++;
            }
        }
        Builder b = toBuilder().edges(s2, r2);
        if (edgeFeatures != null && missing > 0) {
            b.edgeFeatures(Nd4j.vstack(edgeFeatures, Nd4j.zeros(edgeFeatures.dataType(), missing,
                    edgeFeatures.size(1))));
        }
        return b.build();
    }

    /** Collects the parts of a graph and checks that their sizes agree. */
    public static final class Builder {
        private final int numNodes;
        private int[] senders = new int[0];
        private int[] receivers = new int[0];
        private INDArray nodeFeatures;
        private INDArray edgeFeatures;
        private INDArray positions;
        private INDArray nodeTargets;
        private INDArray graphTargets;
        private int[] edgeTypes;
        private int relationCount;

        private Builder(int numNodes) {
            if (numNodes < 0) {
                throw new IllegalArgumentException("a graph cannot have " + numNodes + " nodes");
            }
            this.numNodes = numNodes;
        }

        /** Edges as two parallel arrays: edge e goes from {@code senders[e]} to {@code receivers[e]}. */
        public Builder edges(int[] senders, int[] receivers) {
            if (senders.length != receivers.length) {
                throw new IllegalArgumentException("edges: " + senders.length + " senders but " + receivers.length
                        + " receivers");
            }
            this.senders = senders.clone();
            this.receivers = receivers.clone();
            return this;
        }

        /** One row per node. */
        public Builder nodeFeatures(INDArray features) {
            this.nodeFeatures = features;
            return this;
        }

        /** One row per edge, in the order the edges were given. */
        public Builder edgeFeatures(INDArray features) {
            this.edgeFeatures = features;
            return this;
        }

        /**
         * Each edge's relation in [0, {@code relations}), in the order the edges were given; for relational layers
         * (R-GCN), which keep weights per relation.
         */
        public Builder edgeTypes(int[] types, int relations) {
            this.edgeTypes = types == null ? null : types.clone();
            this.relationCount = types == null ? 0 : relations;
            return this;
        }

        /** Node coordinates, one row per node. */
        public Builder positions(INDArray positions) {
            this.positions = positions;
            return this;
        }

        /** Node labels or regression targets, one row per node. */
        public Builder nodeTargets(INDArray targets) {
            this.nodeTargets = targets;
            return this;
        }

        /** Graph label or regression target(s). */
        public Builder graphTargets(INDArray targets) {
            this.graphTargets = targets;
            return this;
        }

        public Graph build() {
            for (int e = 0; e < senders.length; e++) {
                if (senders[e] < 0 || senders[e] >= numNodes || receivers[e] < 0 || receivers[e] >= numNodes) {
                    throw new IllegalArgumentException("edge " + e + " (" + senders[e] + " -> " + receivers[e]
                            + ") names a node outside [0, " + numNodes + ")");
                }
            }
            checkRows(nodeFeatures, numNodes, "node features");
            checkRows(positions, numNodes, "positions");
            checkRows(nodeTargets, numNodes, "node targets");
            checkRows(edgeFeatures, senders.length, "edge features");
            if (edgeTypes != null) {
                if (edgeTypes.length != senders.length) {
                    throw new IllegalArgumentException("edge types: " + edgeTypes.length + " for " + senders.length
                            + " edges");
                }
                for (int e = 0; e < edgeTypes.length; e++) {
                    if (edgeTypes[e] < 0 || edgeTypes[e] >= relationCount) {
                        throw new IllegalArgumentException("edge " + e + " has relation " + edgeTypes[e]
                                + ", outside [0, " + relationCount + ")");
                    }
                }
            }
            Csr.Sorted sorted = Csr.fromCoo(receivers, senders, numNodes, numNodes);
            INDArray storedEdgeFeatures = edgeFeatures == null ? null : reorderRows(edgeFeatures, sorted.order());
            int[] storedTypes = null;
            if (edgeTypes != null) {
                storedTypes = new int[edgeTypes.length];
                for (int i = 0; i < storedTypes.length; i++) {
                    storedTypes[i] = edgeTypes[sorted.order()[i]];
                }
            }
            return new Graph(this, sorted.csr(), sorted.order(), storedEdgeFeatures, storedTypes);
        }

        private static INDArray reorderRows(INDArray a, int[] order) {
            if (isIdentity(order)) {
                return a;
            }
            return a.rank() == 1 ? Nd4j.pullRows(a.reshape(a.length(), 1), 1, order).reshape(a.length())
                    : Nd4j.pullRows(a, 1, order);
        }

        private static boolean isIdentity(int[] order) {
            for (int i = 0; i < order.length; i++) {
                if (order[i] != i) {
                    return false;
                }
            }
            return true;
        }

        private static void checkRows(INDArray a, long rows, String what) {
            if (a != null && (a.rank() == 0 || a.size(0) != rows)) {
                throw new IllegalArgumentException(what + " have shape " + Arrays.toString(a.shape()) + ", expected "
                        + rows + " rows");
            }
        }
    }
}
