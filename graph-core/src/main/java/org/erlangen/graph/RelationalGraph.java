package org.erlangen.graph;

import java.util.Arrays;
import java.util.Map;
import java.util.HashMap;
import org.erlangen.sparse.Csr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A graph whose edges each have a relation type {@code 0 .. relations - 1}, as a knowledge graph or an RDF graph has
 * (PyG's {@code edge_index} with {@code edge_type}). Per relation it gives what a relational layer needs: the
 * receivers' rows over the senders that relation uses, and each edge's weight {@code 1 / c_{i,r}} with
 * {@code c_{i,r}} the receiver's in-degree under that relation (R-GCN's normalisation).
 */
public final class RelationalGraph {
    /**
     * The edges of one relation.
     *
     * @param adjacency rows are all nodes (receivers); columns index {@link #senders} (only the nodes that send
     *     under this relation, so a layer transforms just those)
     * @param senders the node of each column
     * @param meanWeights per entry of the adjacency, 1 / (the receiver's in-degree under this relation)
     */
    public record Relation(Csr adjacency, int[] senders, double[] meanWeights) {
        public int edgeCount() {
            return adjacency.entryCount();
        }
    }

    /**
     * Every relation's edges in one pattern, for one sparse product over all relations: the columns are the
     * relations' senders one relation after another ({@code offsets[r]} to {@code offsets[r + 1]} are relation r's
     * {@link Relation#senders()}), so a layer gathers each relation's transformed senders into one matrix.
     *
     * @param adjacency rows are all nodes (receivers), columns the stacked senders
     * @param offsets of each relation's columns, length relations + 1
     * @param meanWeights per entry, 1 / (the receiver's in-degree under the entry's relation)
     */
    public record Stacked(Csr adjacency, int[] offsets, double[] meanWeights) {
        public INDArray meanWeights(DataType dtype) {
            return Nd4j.createFromArray(meanWeights).castTo(dtype);
        }
    }

    /**
     * Every edge in one pattern over the nodes (rows receive, columns send), with each entry's relation and
     * {@code 1 / (the receiver's in-degree under that relation)}: what a basis-decomposed layer aggregates with, one
     * sparse product per basis.
     */
    public record Merged(Csr adjacency, int[] types, double[] meanWeights) {
    }

    private Stacked stacked;
    private Merged merged;
    private final int numNodes;
    private final int relationCount;
    private final int[] senders;
    private final int[] receivers;
    private final int[] types;
    private final Relation[] relations;

    private RelationalGraph(int numNodes, int relationCount, int[] senders, int[] receivers, int[] types) {
        this.numNodes = numNodes;
        this.relationCount = relationCount;
        this.senders = senders;
        this.receivers = receivers;
        this.types = types;
        this.relations = new Relation[relationCount];
    }

    /**
     * A relational graph over nodes {@code 0 .. numNodes - 1}: edge e runs from {@code senders[e]} to
     * {@code receivers[e]} with relation {@code types[e]}.
     *
     * @throws IllegalArgumentException naming the first edge with a node or relation out of range
     */
    public static RelationalGraph of(int numNodes, int relations, int[] senders, int[] receivers, int[] types) {
        if (numNodes < 0 || relations < 1) {
            throw new IllegalArgumentException("a relational graph needs >= 0 nodes and >= 1 relation, got "
                    + numNodes + " and " + relations);
        }
        if (senders.length != receivers.length || senders.length != types.length) {
            throw new IllegalArgumentException(senders.length + " senders, " + receivers.length + " receivers and "
                    + types.length + " edge types; one each per edge");
        }
        for (int e = 0; e < senders.length; e++) {
            if (senders[e] < 0 || senders[e] >= numNodes || receivers[e] < 0 || receivers[e] >= numNodes) {
                throw new IllegalArgumentException("edge " + e + " (" + senders[e] + " -> " + receivers[e]
                        + ") names a node outside 0.." + (numNodes - 1));
            }
            if (types[e] < 0 || types[e] >= relations) {
                throw new IllegalArgumentException("edge " + e + " has relation " + types[e] + ", outside 0.."
                        + (relations - 1));
            }
        }
        return new RelationalGraph(numNodes, relations, senders.clone(), receivers.clone(), types.clone());
    }

    /**
     * This graph with every edge also reversed as relation {@code r + relations()} (R-GCN's inverse relations), so
     * that information flows both ways along each relation while the layer tells the directions apart.
     */
    public RelationalGraph withInverses() {
        int m = senders.length;
        int[] s = Arrays.copyOf(senders, 2 * m);
        int[] r = Arrays.copyOf(receivers, 2 * m);
        int[] t = Arrays.copyOf(types, 2 * m);
        for (int e = 0; e < m; e++) {
            s[m + e] = receivers[e];
            r[m + e] = senders[e];
            t[m + e] = types[e] + relationCount;
        }
        return new RelationalGraph(numNodes, 2 * relationCount, s, r, t);
    }

    public int numNodes() {
        return numNodes;
    }

    public int numEdges() {
        return senders.length;
    }

    public int relationCount() {
        return relationCount;
    }

    public int[] senders() {
        return senders.clone();
    }

    public int[] receivers() {
        return receivers.clone();
    }

    public int[] types() {
        return types.clone();
    }

    /** The edges of relation r, built on first use and kept. */
    public synchronized Relation relation(int r) {
        if (r < 0 || r >= relationCount) {
            throw new IllegalArgumentException("relation " + r + " outside 0.." + (relationCount - 1));
        }
        if (relations[r] == null) {
            relations[r] = build(r);
        }
        return relations[r];
    }

    /** All edges in one pattern over the nodes ({@link Merged}), built on first use and kept. */
    public synchronized Merged merged() {
        if (merged == null) {
            Csr.Sorted sorted = Csr.fromCoo(receivers, senders, numNodes, numNodes);
            Map<Long, Integer> degree = new HashMap<>();
            for (int e = 0; e < senders.length; e++) {
                degree.merge(((long) receivers[e] << 32) | types[e], 1, Integer::sum);
            }
            int[] order = sorted.order();
            int[] entryTypes = new int[order.length];
            double[] weights = new double[order.length];
            for (int k = 0; k < order.length; k++) {
                int e = order[k];
                entryTypes[k] = types[e];
                weights[k] = 1.0 / degree.get(((long) receivers[e] << 32) | types[e]);
            }
            merged = new Merged(sorted.csr(), entryTypes, weights);
        }
        return merged;
    }

    /** All relations' edges as one pattern ({@link Stacked}), built on first use and kept. */
    public synchronized Stacked stacked() {
        if (stacked == null) {
            int[] offsets = new int[relationCount + 1];
            int entries = 0;
            for (int r = 0; r < relationCount; r++) {
                offsets[r + 1] = offsets[r] + relation(r).senders().length;
                entries += relation(r).edgeCount();
            }
            int[] rows = new int[entries];
            int[] cols = new int[entries];
            double[] weights = new double[entries];
            int k = 0;
            for (int r = 0; r < relationCount; r++) {
                Relation rel = relation(r);
                int[] entryRows = rel.adjacency().rowOfEntries();
                for (int e = 0; e < rel.edgeCount(); e++) {
                    rows[k] = entryRows[e];
                    cols[k] = offsets[r] + rel.adjacency().col(e);
                    weights[k++] = rel.meanWeights()[e];
                }
            }
            Csr.Sorted sorted = Csr.fromCoo(rows, cols, numNodes, offsets[relationCount]);
            double[] ordered = new double[entries];
            for (int e = 0; e < entries; e++) {
                ordered[e] = weights[sorted.order()[e]];
            }
            stacked = new Stacked(sorted.csr(), offsets, ordered);
        }
        return stacked;
    }

    private Relation build(int r) {
        int count = 0;
        for (int t : types) {
            count += t == r ? 1 : 0;
        }
        int[] column = new int[numNodes];
        Arrays.fill(column, -1);
        int[] used = new int[count];
        int usedCount = 0;
        int[] rows = new int[count];
        int[] cols = new int[count];
        int k = 0;
        for (int e = 0; e < types.length; e++) {
            if (types[e] == r) {
                if (column[senders[e]] < 0) {
                    column[senders[e]] = usedCount;
                    used[usedCount++] = senders[e];
                }
                rows[k] = receivers[e];
                cols[k++] = column[senders[e]];
            }
        }
        Csr csr = Csr.fromCoo(rows, cols, numNodes, usedCount).csr();
        int[] degree = csr.rowSizes();
        double[] weights = new double[count];
        int[] entryRows = csr.rowOfEntries();
        for (int i = 0; i < count; i++) {
            weights[i] = 1.0 / degree[entryRows[i]];
        }
        return new Relation(csr, Arrays.copyOf(used, usedCount), weights);
    }
}
