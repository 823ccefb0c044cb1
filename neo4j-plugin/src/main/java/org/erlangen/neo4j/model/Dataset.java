package org.erlangen.neo4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.erlangen.graph.Graph;
import org.erlangen.graph.sampling.NodeRows;
import org.erlangen.kernels.Buffers;
import org.erlangen.neo4j.config.Task;
import org.erlangen.neo4j.read.Grouping;
import org.erlangen.neo4j.read.NodeNames;
import org.erlangen.neo4j.read.StoredGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A stored graph made ready for a model: one graph with every node (node tasks), or one small graph per group of
 * nodes (graph tasks). The items a task predicts are the nodes or the graphs; {@link #perItem} turns values per node
 * into values per item.
 */
public final class Dataset {
    private final Task task;
    private final StoredGraph stored;
    private final Grouping grouping;
    private final Graph whole;
    private final boolean selfLoops;
    private final List<Graph> graphs;
    private NodeRows rows;

    private Dataset(Task task, StoredGraph stored, Grouping grouping, Graph whole, boolean selfLoops,
            List<Graph> graphs) {
        this.task = task;
        this.stored = stored;
        this.grouping = grouping;
        this.whole = whole;
        this.selfLoops = selfLoops;
        this.graphs = graphs;
    }

    /** @param selfLoops whether the model's layer expects every node to carry a self loop (GCN) */
    public static Dataset of(StoredGraph stored, Task task, String graphIdProperty, boolean selfLoops) {
        if (!task.graphLevel()) {
            Graph g = Graph.builder(stored.nodeCount()).edges(stored.senders(), stored.receivers())
                    .edgeTypes(stored.edgeTypes(), stored.relations())
                    .nodeFeatures(Buffers.of(stored.features(), stored.nodeCount(), stored.featureWidth())).build();
            return new Dataset(task, stored, null, selfLoops ? g.withSelfLoops() : g, selfLoops, null);
        }
        Grouping grouping = Grouping.of(stored, graphIdProperty);
        int[] local = new int[stored.nodeCount()];
        List<List<int[]>> edges = new ArrayList<>();
        for (int g = 0; g < grouping.graphCount(); g++) {
            int[] members = grouping.members(g);
            for (int i = 0; i < members.length; i++) {
                local[members[i]] = i;
            }
            edges.add(new ArrayList<>());
        }
        int[] s = stored.senders();
        int[] r = stored.receivers();
        int[] types = stored.edgeTypes();
        for (int e = 0; e < s.length; e++) {
            edges.get(grouping.graphOf(s[e])).add(new int[] {local[s[e]], local[r[e]], types == null ? 0 : types[e]});
        }
        int w = stored.featureWidth();
        List<Graph> graphs = new ArrayList<>();
        for (int g = 0; g < grouping.graphCount(); g++) {
            int[] members = grouping.members(g);
            float[] x = new float[members.length * w];
            for (int i = 0; i < members.length; i++) {
                System.arraycopy(stored.features(), members[i] * w, x, i * w, w);
            }
            List<int[]> list = edges.get(g);
            int[] senders = list.stream().mapToInt(p -> p[0]).toArray();
            int[] receivers = list.stream().mapToInt(p -> p[1]).toArray();
            int[] relations = types == null ? null : list.stream().mapToInt(p -> p[2]).toArray();
            Graph graph = Graph.builder(members.length).edges(senders, receivers)
                    .edgeTypes(relations, stored.relations())
                    .nodeFeatures(Buffers.of(x, members.length, w)).build();
            graphs.add(selfLoops ? graph.withSelfLoops() : graph);
        }
        return new Dataset(task, stored, grouping, null, selfLoops, graphs);
    }

    public Task task() {
        return task;
    }

    public StoredGraph stored() {
        return stored;
    }

    /** The whole graph, for node tasks. */
    public Graph whole() {
        return whole;
    }

    /**
     * The whole graph's edges as read, without the self loops GCN's {@link #whole()} carries and without features,
     * for node tasks: what sampling draws neighbours from (a sampled layer graph gets its self loops after sampling,
     * so they take no fanout slot). Made on each call where {@link #whole()} has loops added; otherwise it is that.
     */
    public Graph unlooped() {
        return selfLoops ? Graph.builder(stored.nodeCount()).edges(stored.senders(), stored.receivers())
                .edgeTypes(stored.edgeTypes(), stored.relations()).build() : whole;
    }

    /**
     * The whole graph's node features as rows on the heap, for node tasks: read where the reader left them, so the
     * batches of a sampled training gather their rows without a copy of all of them (256 MB for a million nodes of
     * 64 floats, most of its cost page faults of fresh memory). Layer-wise passes keep their scaled copy: reading
     * raw rows, a pooling layer would gather every chunk's neighbourhood instead of pooling in place (a million-node
     * stream took 28.4 s against 17.0-22.5 s that way).
     */
    public NodeRows nodeRows() {
        if (task.graphLevel()) {
            throw new IllegalStateException("node rows are for node tasks; this dataset is for " + task);
        }
        if (rows == null) {
            rows = NodeRows.wrapping(stored.features(), whole.nodeFeatures());
        }
        return rows;
    }

    /** The graphs, for graph tasks. */
    public List<Graph> graphs() {
        return graphs;
    }

    public Grouping grouping() {
        return grouping;
    }

    public int itemCount() {
        return task.graphLevel() ? graphs.size() : stored.nodeCount();
    }

    public int graphCount() {
        return task.graphLevel() ? graphs.size() : 1;
    }

    public Object[] perItem(Object[] nodeValues, String property) {
        return task.graphLevel() ? grouping.perGraph(stored, nodeValues, property) : nodeValues;
    }

    /** How messages name item {@code i}: a node, or a graph by its id. */
    public IntFunction<String> itemName() {
        return task.graphLevel() ? g -> "graph " + grouping.id(g) : v -> "node " + NodeNames.of(stored.nodes().get(v));
    }

    public String itemKind() {
        return task.graphLevel() ? "graphs" : "nodes";
    }

    public static DataType dtype() {
        return DataType.FLOAT;
    }
}
