package org.erlangen.neo4j.read;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.erlangen.io.FiniteCheck;
import org.erlangen.neo4j.config.GraphSpec;
import org.erlangen.neo4j.config.Orientation;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.ResourceIterable;
import org.neo4j.graphdb.Transaction;
import org.neo4j.internal.kernel.api.NodeCursor;
import org.neo4j.internal.kernel.api.PropertyCursor;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.procedure.TerminationGuard;
import org.neo4j.storageengine.api.PropertySelection;
import org.neo4j.token.api.TokenConstants;
import org.neo4j.values.storable.Value;

/**
 * Reads a selection through the caller's transaction, so access control applies and what the user may not see is
 * not used. Problems with features are collected over all nodes first and reported together, with counts and one
 * example node, so one call names everything that is wrong.
 */
public final class GraphReader {
    private static final int CHECK_EVERY = 4096;
    /** Heap bytes a reader thread reads before it charges them to the call's memory. */
    private static final long CHARGE_EVERY = 1 << 20;

    private final Transaction tx;
    private final TerminationGuard guard;
    private final int concurrency;
    private LongConsumer charge = bytes -> { };
    private boolean typedEdges;

    public GraphReader(Transaction tx, TerminationGuard guard, int concurrency) {
        this.tx = tx;
        this.guard = guard;
        this.concurrency = concurrency;
    }

    /**
     * Charges the heap the feature values take to {@code charge} as they are read (called from reader threads, each
     * after a megabyte or so, before the value that passes it is copied), so values much longer than the estimate
     * assumed are refused before they fill the heap.
     */
    public GraphReader charging(LongConsumer charge) {
        this.charge = charge;
        return this;
    }

    /**
     * Gives each edge its relation ({@link StoredGraph#edgeTypes()}), for a relational model: the position of its
     * type in the selection's {@code relationshipTypes}, and with orientation {@code UNDIRECTED} the reversed edges
     * their inverse relations after those.
     */
    public GraphReader typingEdges(boolean on) {
        this.typedEdges = on;
        return this;
    }

    /** How many relations typed edges range over: a relation per type, and their inverses for undirected reads. */
    public static int relations(GraphSpec spec) {
        int types = spec.relationshipTypes().size();
        return spec.orientation() == Orientation.UNDIRECTED ? 2 * types : types;
    }

    /**
     * @param targetProperty read per node when not null
     * @param splitProperty read per node when not null
     */
    public StoredGraph read(GraphSpec spec, String targetProperty, String splitProperty) {
        return read(spec, targetProperty, splitProperty, null);
    }

    /**
     * @param knownWidths the widths of the feature columns a model was trained with, for typed features whose
     *     labels have no node in this selection (null when training)
     */
    public StoredGraph read(GraphSpec spec, String targetProperty, String splitProperty, List<Integer> knownWidths) {
        List<Node> nodes = selectedNodes(spec);
        Features features = readFeatures(nodes, spec, knownWidths);
        Object[] targets = targetProperty == null ? null : values(nodes, targetProperty);
        Object[] splits = splitProperty == null ? null : values(nodes, splitProperty);
        Object[] graphIds = spec.graphIdProperty() == null ? null : values(nodes, spec.graphIdProperty());
        EdgeReader.Edges edges = readEdges(nodes, spec);
        return new StoredGraph(nodes, features.values, features.width, features.widths, edges.senders(),
                edges.receivers(), edges.relationships(), targets, splits, graphIds, null, edges.types(),
                typedEdges ? relations(spec) : 0);
    }

    /**
     * Reads a selection for link prediction on {@code targetType}: nodes and features as {@link #read}, and the
     * target relationships apart. For {@code training} the edges leave the target type out (the model passes
     * messages over the training links alone, which the trainer adds back), a target relationship that leaves the
     * selection is an error, and there must be one; for predictions the edges keep every selected type.
     */
    public StoredGraph readLinks(GraphSpec spec, String targetType, boolean training) {
        return readLinks(spec, targetType, training, null);
    }

    /** As {@link #readLinks(GraphSpec, String, boolean)}, with a model's feature widths as in {@link #read}. */
    public StoredGraph readLinks(GraphSpec spec, String targetType, boolean training, List<Integer> knownWidths) {
        List<Node> nodes = selectedNodes(spec);
        long[] ids = ids(nodes);
        NodeIndex index = NodeIndex.of(ids);
        TargetLinks links = LinkReader.read(ktx(), guard, index, nodes, targetType, training);
        links = new TargetLinks(targetType, links.starts(), links.ends(), labelMembers(spec, index, nodes.size()));
        Features features = readFeatures(nodes, spec, knownWidths);
        List<String> types = training ? otherTypes(spec, targetType) : spec.relationshipTypes();
        List<String> order = typedEdges ? spec.relationshipTypes() : null;
        EdgeReader.Edges edges = training && types.isEmpty() ? new EdgeReader.Edges(new int[0], new int[0], 0,
                typedEdges ? new int[0] : null)
                : EdgeReader.read(ktx(), guard, ranges(), ids, index, types, spec.orientation(), order);
        long relationships = edges.relationships() + (training ? links.count() : 0);
        return new StoredGraph(nodes, features.values, features.width, features.widths, edges.senders(),
                edges.receivers(), relationships, null, null, null, links, edges.types(),
                typedEdges ? relations(spec) : 0);
    }

    /** The selected relationship types but {@code targetType}; every other type in the database when none is named. */
    private List<String> otherTypes(GraphSpec spec, String targetType) {
        List<String> types = new ArrayList<>();
        if (spec.relationshipTypes().isEmpty()) {
            tx.getAllRelationshipTypes().forEach(t -> types.add(t.name()));
        } else {
            types.addAll(spec.relationshipTypes());
        }
        types.remove(targetType);
        return types;
    }

    /** Which selected nodes carry each label of the selection, in its order. */
    private List<BitSet> labelMembers(GraphSpec spec, NodeIndex index, int n) {
        List<BitSet> members = new ArrayList<>();
        for (String label : spec.nodeLabels()) {
            BitSet set = new BitSet(n);
            int seen = 0;
            try (var found = tx.findNodes(Label.label(label))) {
                while (found.hasNext()) {
                    int i = index.get(id(found.next()));
                    tick(seen++);
                    if (i >= 0) {
                        set.set(i);
                    }
                }
            }
            members.add(set);
        }
        return members;
    }

    /** The selection's nodes; an empty selection is an error. */
    private List<Node> selectedNodes(GraphSpec spec) {
        List<Node> nodes = selectNodes(spec);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the selection is empty: no nodes "
                    + (spec.nodeLabels().isEmpty() ? "in the database" : "with labels " + spec.nodeLabels()));
        }
        return nodes;
    }

    private List<Node> selectNodes(GraphSpec spec) {
        List<Node> nodes = new ArrayList<>();
        if (spec.nodeLabels().isEmpty()) {
            try (ResourceIterable<Node> all = tx.getAllNodes()) {
                for (Node n : all) {
                    tick(nodes.size());
                    nodes.add(n);
                }
            }
            return nodes;
        }
        Map<Long, Node> unique = new LinkedHashMap<>();
        for (String label : spec.nodeLabels()) {
            try (var found = tx.findNodes(Label.label(label))) {
                while (found.hasNext()) {
                    Node n = found.next();
                    tick(unique.size());
                    unique.putIfAbsent(id(n), n);
                }
            }
        }
        nodes.addAll(unique.values());
        return nodes;
    }

    private record Features(float[] values, int width, List<Integer> widths) {
    }

    private Features readFeatures(List<Node> nodes, GraphSpec spec, List<Integer> knownWidths) {
        return spec.typed() ? readTypedFeatures(nodes, spec, knownWidths) : readFeatures(nodes,
                spec.featureProperties());
    }

    private Features readFeatures(List<Node> nodes, List<String> properties) {
        int n = nodes.size();
        if (properties.isEmpty()) {
            return new Features(new float[0], 0, List.of()); // a link model's random projection is its input
        }
        Problems problems = new Problems();
        Rows read = readRows(nodes, properties, problems, "");
        float[][] rows = read.rows;
        int[] widths = read.widths;
        problems.throwIfAny(n);
        int width = 0;
        List<Integer> widthList = new ArrayList<>();
        for (int w : widths) {
            width += w;
            widthList.add(w);
        }
        if (width == 0) {
            throw new IllegalArgumentException("featureProperties " + properties + " hold no values (empty arrays)");
        }
        float[] values = new float[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, values, i * width, width);
        }
        return new Features(values, width, widthList);
    }

    /**
     * Features per label ({@link GraphSpec#labelFeatures}): each node's own properties in its type's columns, zeros
     * in the other types', and a one-hot of its type at the end. A type without nodes here takes its widths from
     * {@code knownWidths}, or none.
     */
    private Features readTypedFeatures(List<Node> nodes, GraphSpec spec, List<Integer> knownWidths) {
        int n = nodes.size();
        List<String> types = spec.types();
        Label[] labels = types.stream().map(Label::label).toArray(Label[]::new);
        List<List<Integer>> members = new ArrayList<>();
        types.forEach(t -> members.add(new ArrayList<>()));
        int[] typeOf = new int[n];
        for (int i = 0; i < n; i++) {
            tick(i);
            Node node = nodes.get(i);
            int t = 0;
            while (t < labels.length && !node.hasLabel(labels[t])) {
                t++;
            }
            typeOf[i] = t; // every selected node carries a selected label, and each has an entry
            members.get(t).add(i);
        }
        Problems problems = new Problems();
        List<float[][]> rows = new ArrayList<>();
        List<Integer> widthList = new ArrayList<>();
        int[] offsets = new int[types.size()];
        int width = 0;
        for (int t = 0; t < types.size(); t++) {
            List<String> properties = spec.labelFeatures().get(types.get(t));
            List<Node> typed = members.get(t).stream().map(nodes::get).toList();
            Rows read = readRows(typed, properties, problems, " of label " + types.get(t));
            rows.add(read.rows);
            offsets[t] = width;
            for (int k = 0; k < properties.size(); k++) {
                int w = read.widths[k] >= 0 ? read.widths[k]
                        : knownWidths != null ? knownWidths.get(widthList.size()) : 0;
                widthList.add(w);
                width += w;
            }
        }
        problems.throwIfAny(n);
        int total = width + types.size();
        float[] values = new float[n * total];
        for (int t = 0; t < types.size(); t++) {
            List<Integer> ids = members.get(t);
            for (int j = 0; j < ids.size(); j++) {
                int i = ids.get(j);
                float[] row = rows.get(t)[j];
                System.arraycopy(row, 0, values, i * total + offsets[t], row.length);
                values[i * total + width + t] = 1;
            }
        }
        return new Features(values, total, widthList);
    }

    /** Feature rows as read, with a width per property (-1 where no node had it), problems collected. */
    private record Rows(float[][] rows, int[] widths) {
    }

    private Rows readRows(List<Node> nodes, List<String> properties, Problems problems, String of) {
        int n = nodes.size();
        int p = properties.size();
        Object[][] raw = rawValues(nodes, properties);
        int[] widths = new int[p];
        Node[] widthExample = new Node[p];
        Arrays.fill(widths, -1);
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            tick(i);
            Node node = nodes.get(i);
            float[][] parts = new float[p][];
            boolean ok = true;
            for (int k = 0; k < p; k++) {
                Object value = raw[i][k];
                if (value == null) {
                    problems.add("missing feature property '" + properties.get(k) + "'" + of, node, null);
                    ok = false;
                    continue;
                }
                float[] numbers = Numbers.toFloats(value);
                if (numbers == null) {
                    problems.add("non-numeric feature property '" + properties.get(k) + "'" + of, node,
                            Numbers.describe(value));
                    ok = false;
                    continue;
                }
                String problem = nonFinite(value, numbers);
                if (problem != null) {
                    problems.add("non-finite feature property '" + properties.get(k) + "'" + of, node, problem);
                    ok = false;
                    continue;
                }
                if (widths[k] < 0) {
                    widths[k] = numbers.length;
                    widthExample[k] = node;
                } else if (numbers.length != widths[k]) {
                    problems.add("feature property '" + properties.get(k) + "' of inconsistent length" + of, node,
                            "length " + numbers.length + ", but " + widths[k] + " on node "
                                    + NodeNames.of(widthExample[k]));
                    ok = false;
                    continue;
                }
                parts[k] = numbers;
            }
            if (ok) {
                rows[i] = concat(parts);
            }
        }
        return new Rows(rows, widths);
    }

    /**
     * What is wrong with a feature value that is not finite as a float ("value NaN", "element 3 is Infinity"), or
     * null when it is fine: 1e300 is a finite Neo4j float but infinite as the 32-bit float a model computes in.
     */
    private static String nonFinite(Object value, float[] numbers) {
        for (int i = 0; i < numbers.length; i++) {
            if (!Float.isFinite(numbers[i])) {
                double original = value.getClass().isArray() ? Array.getDouble(value, i)
                        : ((Number) value).doubleValue();
                String problem = FiniteCheck.problem(original);
                return (value.getClass().isArray() ? "element " + i + " is " : "value ") + problem;
            }
        }
        return null;
    }

    private static float[] concat(float[][] parts) {
        if (parts.length == 1) {
            return parts[0];
        }
        int total = 0;
        for (float[] part : parts) {
            total += part.length;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private Object[] values(List<Node> nodes, String property) {
        Object[] out = new Object[nodes.size()];
        for (int i = 0; i < out.length; i++) {
            tick(i);
            out[i] = nodes.get(i).getProperty(property, null);
        }
        return out;
    }

    private EdgeReader.Edges readEdges(List<Node> nodes, GraphSpec spec) {
        long[] ids = ids(nodes);
        return EdgeReader.read(ktx(), guard, ranges(), ids, NodeIndex.of(ids), spec.relationshipTypes(),
                spec.orientation(), typedEdges ? spec.relationshipTypes() : null);
    }

    /** The feature properties of every node, as Java values (null where absent), read through property cursors. */
    private Object[][] rawValues(List<Node> nodes, List<String> properties) {
        long[] ids = ids(nodes);
        int[] keys = properties.stream().mapToInt(ktx().tokenRead()::propertyKey).toArray();
        int[] known = Arrays.stream(keys).filter(k -> k != TokenConstants.NO_TOKEN).toArray();
        Object[][] raw = new Object[ids.length][properties.size()];
        if (known.length == 0) {
            return raw;
        }
        PropertySelection selection = PropertySelection.selection(known);
        ranges().run(ids.length, (read, from, to) -> {
            try (NodeCursor node = read.cursors().allocateNodeCursor(read.cursorContext(), read.memoryTracker());
                    PropertyCursor property = read.cursors().allocatePropertyCursor(read.cursorContext(),
                            read.memoryTracker())) {
                long pending = 0;
                for (int i = from; i < to; i++) {
                    read.checkAt(i);
                    read.dataRead().singleNode(ids[i], node);
                    if (!node.next()) {
                        continue;
                    }
                    node.properties(property, selection);
                    while (property.next()) {
                        int key = property.propertyKey();
                        for (int k = 0; k < keys.length; k++) {
                            if (keys[k] == key) {
                                Value value = property.propertyValue();
                                pending += 2 * value.estimatedHeapUsage(); // as read, then as floats
                                if (pending >= CHARGE_EVERY) {
                                    charge.accept(pending);
                                    pending = 0;
                                }
                                raw[i][k] = value.asObjectCopy();
                            }
                        }
                    }
                }
                charge.accept(pending);
            }
            return null;
        });
        return raw;
    }

    private static long[] ids(List<Node> nodes) {
        long[] ids = new long[nodes.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = id(nodes.get(i));
        }
        return ids;
    }

    private KernelTransaction ktx() {
        return ((InternalTransaction) tx).kernelTransaction();
    }

    private ParallelRanges ranges() {
        return new ParallelRanges(ktx(), guard, concurrency);
    }

    @SuppressWarnings("deprecation")
    private static long id(Node node) {
        return node.getId();
    }

    private void tick(int i) {
        if (i % CHECK_EVERY == 0) {
            guard.check();
        }
    }

    /** Problems of one kind: how many nodes and one example each. */
    private static final class Problems {
        private final Map<String, Integer> counts = new LinkedHashMap<>();
        private final Map<String, String> examples = new LinkedHashMap<>();

        void add(String kind, Node node, String detail) {
            counts.merge(kind, 1, Integer::sum);
            examples.putIfAbsent(kind, "node " + NodeNames.of(node) + (detail == null ? "" : " (" + detail + ")"));
        }

        void throwIfAny(int total) {
            if (counts.isEmpty()) {
                return;
            }
            StringBuilder message = new StringBuilder();
            for (var e : counts.entrySet()) {
                if (!message.isEmpty()) {
                    message.append("; ");
                }
                message.append(e.getKey()).append(" on ").append(e.getValue()).append(" of ").append(total)
                        .append(" nodes, e.g. ").append(examples.get(e.getKey()));
            }
            throw new IllegalArgumentException(message.toString());
        }
    }
}
