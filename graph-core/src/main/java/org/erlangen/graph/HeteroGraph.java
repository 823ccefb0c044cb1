package org.erlangen.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A heterogeneous graph, as Neo4j keeps one: nodes of several types (labels), each with its own feature width or
 * none, and edges of several types {@code (source type)-[relation]->(target type)} (PyG's {@code HeteroData}).
 * Nodes are numbered within their type. {@link #toRelational()} numbers them type after type and makes each edge type
 * a relation (PyG's {@code to_homogeneous}), which relational layers such as R-GCN run on.
 */
public final class HeteroGraph {
    /** An edge type: its source node type, its relation, its target node type. */
    public record EdgeType(String source, String relation, String target) {
        @Override
        public String toString() {
            return "(" + source + ")-[" + relation + "]->(" + target + ")";
        }
    }

    /** A node type: how many nodes it has and their features [count, width], or null for none. */
    public record NodeType(String name, int count, INDArray features) {
        public int featureWidth() {
            return features == null ? 0 : (int) features.size(1);
        }
    }

    /** The edges of one type, by index within the source and target types. */
    public record Edges(int[] senders, int[] receivers) {
        public int count() {
            return senders.length;
        }
    }

    private final Map<String, NodeType> nodeTypes;
    private final Map<EdgeType, Edges> edges;

    private HeteroGraph(Map<String, NodeType> nodeTypes, Map<EdgeType, Edges> edges) {
        this.nodeTypes = nodeTypes;
        this.edges = edges;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The node types, in the order they were added. */
    public List<String> nodeTypes() {
        return List.copyOf(nodeTypes.keySet());
    }

    public NodeType nodeType(String name) {
        NodeType t = nodeTypes.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no node type '" + name + "'; the types are " + nodeTypes.keySet());
        }
        return t;
    }

    /** The edge types, in the order they were added. */
    public List<EdgeType> edgeTypes() {
        return List.copyOf(edges.keySet());
    }

    public Edges edges(EdgeType type) {
        Edges e = edges.get(type);
        if (e == null) {
            throw new IllegalArgumentException("no edge type " + type + "; the types are " + edges.keySet());
        }
        return e;
    }

    public int nodeCount() {
        return nodeTypes.values().stream().mapToInt(NodeType::count).sum();
    }

    /** Where a node type's nodes start in the numbering of {@link #toRelational()}. */
    public int offset(String type) {
        int offset = 0;
        for (NodeType t : nodeTypes.values()) {
            if (t.name().equals(type)) {
                return offset;
            }
            offset += t.count();
        }
        throw new IllegalArgumentException("no node type '" + type + "'; the types are " + nodeTypes.keySet());
    }

    /** The node type index (in {@link #nodeTypes()} order) of every node of {@link #toRelational()}. */
    public int[] typeOfNodes() {
        int[] out = new int[nodeCount()];
        int offset = 0;
        int t = 0;
        for (NodeType type : nodeTypes.values()) {
            Arrays.fill(out, offset, offset + type.count(), t++);
            offset += type.count();
        }
        return out;
    }

    /**
     * The graph with nodes numbered type after type ({@link #offset}) and edge type i as relation i
     * ({@link #edgeTypes()} order).
     */
    public RelationalGraph toRelational() {
        int total = edges.values().stream().mapToInt(Edges::count).sum();
        int[] senders = new int[total];
        int[] receivers = new int[total];
        int[] types = new int[total];
        int k = 0;
        int relation = 0;
        for (Map.Entry<EdgeType, Edges> e : edges.entrySet()) {
            int from = offset(e.getKey().source());
            int to = offset(e.getKey().target());
            Edges edge = e.getValue();
            for (int i = 0; i < edge.count(); i++) {
                senders[k] = from + edge.senders()[i];
                receivers[k] = to + edge.receivers()[i];
                types[k++] = relation;
            }
            relation++;
        }
        return RelationalGraph.of(nodeCount(), Math.max(1, edges.size()), senders, receivers, types);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        nodeTypes.values().forEach(t -> parts.add(t.name() + ": " + t.count() + " nodes" + (t.features() == null
                ? "" : " x " + t.featureWidth() + " features")));
        edges.forEach((t, e) -> parts.add(t + ": " + e.count() + " edges"));
        return String.join("; ", parts);
    }

    /** Collects node types and edge types; every index is checked against its type's node count. */
    public static final class Builder {
        private final Map<String, NodeType> nodeTypes = new LinkedHashMap<>();
        private final Map<EdgeType, Edges> edges = new LinkedHashMap<>();

        private Builder() {
        }

        /** A node type without features. */
        public Builder nodes(String type, int count) {
            return add(new NodeType(type, count, null));
        }

        /** A node type with a feature row per node, [count, width]. */
        public Builder nodes(String type, INDArray features) {
            if (features == null || features.rank() != 2) {
                throw new IllegalArgumentException("features of node type '" + type + "' must be [count, width], got "
                        + (features == null ? "null" : Arrays.toString(features.shape())));
            }
            return add(new NodeType(type, (int) features.size(0), features));
        }

        private Builder add(NodeType t) {
            if (t.count() < 0) {
                throw new IllegalArgumentException("node type '" + t.name() + "' cannot have " + t.count() + " nodes");
            }
            if (nodeTypes.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("node type '" + t.name() + "' is added twice");
            }
            return this;
        }

        /** Edges of one type; more edges of a type already given are appended. */
        public Builder edges(EdgeType type, int[] senders, int[] receivers) {
            NodeType source = known(type.source(), type);
            NodeType target = known(type.target(), type);
            if (senders.length != receivers.length) {
                throw new IllegalArgumentException(type + ": " + senders.length + " senders but " + receivers.length
                        + " receivers");
            }
            for (int i = 0; i < senders.length; i++) {
                if (senders[i] < 0 || senders[i] >= source.count()) {
                    throw new IllegalArgumentException(type + ": edge " + i + " starts at " + type.source() + " "
                            + senders[i] + ", outside its " + source.count() + " nodes");
                }
                if (receivers[i] < 0 || receivers[i] >= target.count()) {
                    throw new IllegalArgumentException(type + ": edge " + i + " ends at " + type.target() + " "
                            + receivers[i] + ", outside its " + target.count() + " nodes");
                }
            }
            Edges before = edges.get(type);
            if (before == null) {
                edges.put(type, new Edges(senders.clone(), receivers.clone()));
            } else {
                int[] s = Arrays.copyOf(before.senders(), before.count() + senders.length);
                int[] r = Arrays.copyOf(before.receivers(), before.count() + receivers.length);
                System.arraycopy(senders, 0, s, before.count(), senders.length);
                System.arraycopy(receivers, 0, r, before.count(), receivers.length);
                edges.put(type, new Edges(s, r));
            }
            return this;
        }

        private NodeType known(String name, EdgeType type) {
            NodeType t = nodeTypes.get(name);
            if (t == null) {
                throw new IllegalArgumentException(type + " names node type '" + name + "', which was not added; the "
                        + "types are " + nodeTypes.keySet());
            }
            return t;
        }

        public HeteroGraph build() {
            if (nodeTypes.isEmpty()) {
                throw new IllegalArgumentException("a heterogeneous graph needs at least one node type");
            }
            return new HeteroGraph(new LinkedHashMap<>(nodeTypes), new LinkedHashMap<>(edges));
        }
    }
}
