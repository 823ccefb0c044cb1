package org.erlangen.neo4j.read;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.erlangen.neo4j.config.GraphSpec;
import org.erlangen.neo4j.config.Orientation;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.ResourceIterable;
import org.neo4j.graphdb.Transaction;
import org.neo4j.internal.kernel.api.CursorFactory;
import org.neo4j.internal.kernel.api.NodeCursor;
import org.neo4j.internal.kernel.api.PropertyCursor;
import org.neo4j.internal.kernel.api.Read;
import org.neo4j.io.pagecache.context.CursorContext;
import org.neo4j.kernel.api.ExecutionContext;
import org.neo4j.memory.MemoryTracker;
import org.neo4j.internal.kernel.api.RelationshipTraversalCursor;
import org.neo4j.internal.kernel.api.TokenRead;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.storageengine.api.PropertySelection;
import org.neo4j.storageengine.api.RelationshipSelection;
import org.neo4j.token.api.TokenConstants;
import org.neo4j.procedure.TerminationGuard;

/**
 * Reads a selection through the caller's transaction, so access control applies and what the user may not see is
 * not used. Problems with features are collected over all nodes first and reported together, with counts and one
 * example node, so one call names everything that is wrong.
 */
public final class GraphReader {
    private static final int CHECK_EVERY = 4096;

    private final Transaction tx;
    private final TerminationGuard guard;
    private final int concurrency;

    public GraphReader(Transaction tx, TerminationGuard guard, int concurrency) {
        this.tx = tx;
        this.guard = guard;
        this.concurrency = concurrency;
    }

    /**
     * @param targetProperty read per node when not null
     * @param splitProperty read per node when not null
     */
    public StoredGraph read(GraphSpec spec, String targetProperty, String splitProperty) {
        List<Node> nodes = selectNodes(spec);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the selection is empty: no nodes "
                    + (spec.nodeLabels().isEmpty() ? "in the database" : "with labels " + spec.nodeLabels()));
        }
        Features features = readFeatures(nodes, spec.featureProperties());
        Object[] targets = targetProperty == null ? null : values(nodes, targetProperty);
        Object[] splits = splitProperty == null ? null : values(nodes, splitProperty);
        Object[] graphIds = spec.graphIdProperty() == null ? null : values(nodes, spec.graphIdProperty());
        Edges edges = readEdges(nodes, spec);
        return new StoredGraph(nodes, features.values, features.width, features.widths, edges.senders,
                edges.receivers, edges.relationships, targets, splits, graphIds);
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

    private Features readFeatures(List<Node> nodes, List<String> properties) {
        int n = nodes.size();
        int p = properties.size();
        Object[][] raw = rawValues(nodes, properties);
        int[] widths = new int[p];
        Node[] widthExample = new Node[p];
        java.util.Arrays.fill(widths, -1);
        Problems problems = new Problems();
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            tick(i);
            Node node = nodes.get(i);
            float[][] parts = new float[p][];
            boolean ok = true;
            for (int k = 0; k < p; k++) {
                Object value = raw[i][k];
                if (value == null) {
                    problems.add("missing feature property '" + properties.get(k) + "'", node, null);
                    ok = false;
                    continue;
                }
                float[] numbers = Numbers.toFloats(value);
                if (numbers == null) {
                    problems.add("non-numeric feature property '" + properties.get(k) + "'", node,
                            Numbers.describe(value));
                    ok = false;
                    continue;
                }
                if (widths[k] < 0) {
                    widths[k] = numbers.length;
                    widthExample[k] = node;
                } else if (numbers.length != widths[k]) {
                    problems.add("feature property '" + properties.get(k) + "' of inconsistent length", node,
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

    private static float[] concat(float[][] parts) {
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

    private record Edges(int[] senders, int[] receivers, long relationships) {
    }

    /**
     * Relationships through the kernel's cursors: no entity object per relationship, and still the caller's
     * transaction, so its access rules filter what is seen. Node ranges are read in parallel, each in an execution
     * context of that transaction, and joined in order, so the edge list does not depend on the thread count.
     */
    private Edges readEdges(List<Node> nodes, GraphSpec spec) {
        LongIntMap index = new LongIntMap(nodes.size());
        long[] ids = ids(nodes);
        for (int i = 0; i < ids.length; i++) {
            index.put(ids[i], i);
        }
        KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
        RelationshipSelection selection = selection(ktx.tokenRead(), spec.relationshipTypes());
        if (selection == null) {
            return new Edges(new int[0], new int[0], 0);
        }
        List<Edges> parts = inRanges(ids.length, (read, from, to) -> readRange(read, ids, from, to, index,
                selection, spec.orientation()));
        IntList senders = new IntList();
        IntList receivers = new IntList();
        long relationships = 0;
        for (Edges part : parts) {
            senders.addAll(part.senders);
            receivers.addAll(part.receivers);
            relationships += part.relationships;
        }
        return new Edges(senders.toArray(), receivers.toArray(), relationships);
    }

    /** The feature properties of every node, as Java values (null where absent), read through property cursors. */
    private Object[][] rawValues(List<Node> nodes, List<String> properties) {
        long[] ids = ids(nodes);
        KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
        int[] keys = properties.stream().mapToInt(ktx.tokenRead()::propertyKey).toArray();
        int[] known = java.util.Arrays.stream(keys).filter(k -> k != TokenConstants.NO_TOKEN).toArray();
        Object[][] raw = new Object[ids.length][properties.size()];
        if (known.length == 0) {
            return raw;
        }
        PropertySelection selection = PropertySelection.selection(known);
        inRanges(ids.length, (read, from, to) -> {
            try (NodeCursor node = read.cursors().allocateNodeCursor(read.cursorContext(), read.memoryTracker());
                    PropertyCursor property = read.cursors().allocatePropertyCursor(read.cursorContext(),
                            read.memoryTracker())) {
                for (int i = from; i < to; i++) {
                    read.dataRead().singleNode(ids[i], node);
                    if (!node.next()) {
                        continue;
                    }
                    node.properties(property, selection);
                    while (property.next()) {
                        int key = property.propertyKey();
                        for (int k = 0; k < keys.length; k++) {
                            if (keys[k] == key) {
                                raw[i][k] = property.propertyValue().asObjectCopy();
                            }
                        }
                    }
                }
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

    /** What one worker reads: through its own execution context of the caller's transaction. */
    private record Reader(Read dataRead, CursorFactory cursors, CursorContext cursorContext,
            MemoryTracker memoryTracker) {
    }

    @FunctionalInterface
    private interface RangeTask<T> {
        T read(Reader reader, int from, int to);
    }

    /**
     * Runs {@code task} over ranges of {@code count} nodes, in parallel up to the concurrency, each range in an
     * execution context of the caller's transaction; results come back in range order, so nothing depends on the
     * thread count.
     */
    private <T> List<T> inRanges(int count, RangeTask<T> task) {
        KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
        int parts = Math.max(1, Math.min(concurrency, count / 4096));
        if (parts == 1) {
            guard.check();
            T result = task.read(new Reader(ktx.dataRead(), ktx.cursors(), ktx.cursorContext(), ktx.memoryTracker()),
                    0, count);
            List<T> single = new ArrayList<>();
            single.add(result);
            return single;
        }
        List<ExecutionContext> contexts = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(parts, r -> {
            Thread t = new Thread(r, "erlangen-read");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                int from = (int) ((long) count * p / parts);
                int to = (int) ((long) count * (p + 1) / parts);
                ExecutionContext context = ktx.createExecutionContext();
                contexts.add(context);
                futures.add(workers.submit(() -> {
                    try {
                        return task.read(new Reader(context.dataRead(), context.cursors(), context.cursorContext(),
                                context.memoryTracker()), from, to);
                    } finally {
                        context.complete();
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(join(f));
                guard.check();
            }
            return results;
        } finally {
            workers.shutdownNow();
            contexts.forEach(ExecutionContext::close);
        }
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the graph", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("reading the graph failed: " + e.getCause(), e.getCause());
        }
    }

    private static Edges readRange(Reader reader, long[] ids, int from, int to, LongIntMap index,
            RelationshipSelection selection, Orientation orientation) {
        Read read = reader.dataRead();
        CursorFactory cursors = reader.cursors();
        CursorContext cursorContext = reader.cursorContext();
        MemoryTracker memory = reader.memoryTracker();
        IntList senders = new IntList();
        IntList receivers = new IntList();
        long relationships = 0;
        try (NodeCursor node = cursors.allocateNodeCursor(cursorContext, memory);
                RelationshipTraversalCursor rel = cursors.allocateRelationshipTraversalCursor(cursorContext,
                        memory)) {
            for (int i = from; i < to; i++) {
                read.singleNode(ids[i], node);
                if (!node.next()) {
                    continue;
                }
                node.relationships(rel, selection);
                while (rel.next()) {
                    int j = index.get(rel.otherNodeReference());
                    if (j < 0) {
                        continue; // the other end is not selected
                    }
                    relationships++;
                    if (orientation != Orientation.REVERSE) {
                        senders.add(i);
                        receivers.add(j);
                    }
                    if (orientation == Orientation.REVERSE || (orientation == Orientation.UNDIRECTED && i != j)) {
                        senders.add(j);
                        receivers.add(i);
                    }
                }
            }
        }
        return new Edges(senders.toArray(), receivers.toArray(), relationships);
    }

    /** Outgoing relationships of the named types; null when none of them exists in the database. */
    private static RelationshipSelection selection(TokenRead tokens, List<String> types) {
        if (types.isEmpty()) {
            return RelationshipSelection.selection(Direction.OUTGOING);
        }
        int[] known = types.stream().mapToInt(tokens::relationshipType).filter(t -> t != TokenConstants.NO_TOKEN)
                .toArray();
        return known.length == 0 ? null : RelationshipSelection.selection(known, Direction.OUTGOING);
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
