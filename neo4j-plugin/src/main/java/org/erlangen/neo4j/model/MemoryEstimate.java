package org.erlangen.neo4j.model;

import java.util.Locale;

/**
 * What a training or prediction call will hold at its peak, on the heap and off it, from what it reads and the
 * model's widths: the read path per node, per feature value (at the widths the nodes really have) and per edge,
 * the target values, the graphs a graph task makes (each with its own arrays), the parameters (with gradients and
 * Adam's two moments when training), the step arena (measured per layer: {@link ActivationCosts}), and the outputs
 * per class, as probabilities per row when streaming. The lower bound leaves out the arena's over-allocation.
 *
 * <p>Per-object figures are those of a 64-bit JVM with compressed references (the default below 32 GiB of heap).
 */
public record MemoryEstimate(long nodes, long relationships, long heapBytes, long offHeapBytes, long arenaBytes,
        long bytesMin, long bytesMax) {
    private static final long FLOAT = 4;
    private static final long INT = 4;
    /** A node as read: its entity, list slot, de-duplication entry, ids and index, rows of raw values. */
    private static final long NODE_READ = 200;
    /** A feature value as read (a double), as a float row, and in the features array. */
    private static final long FEATURE_READ = 8 + 4 + 4 + 4;
    /** An edge as read: senders and receivers, with room to grow. */
    private static final long EDGE_READ = 16;
    /** An edge in a graph: its CSR and the transpose's. */
    private static final long EDGE_GRAPH = 24;
    /** A graph of a graph task: its objects, adjacency, index arrays and a features array of its own. */
    private static final long GRAPH_HEAP = 1500;
    private static final long GRAPH_OFF_HEAP = 256;
    /** An output per class as predictions are made: copied out as a double, per row, as a probability. */
    private static final long PREDICTION = 3 * 8;
    /** A streamed probability: a Double and its slot in the row's list. */
    private static final long PROBABILITY_ROW = 16 + 4;

    /**
     * The selection as read (or, before reading, as counted).
     *
     * @param graphs the graphs of a graph task (0 when not known yet: every graph has a node at least)
     */
    public record Selection(long nodes, long relationships, long edgeEntries, long featureValues, int featureWidth,
            boolean graphTask, long graphs, long targetBytes) {
    }

    /** The network's widths. */
    public record Network(String layer, int featureWidth, int hidden, int layers, int outputs, int heads) {
    }

    /** What the call does after reading. */
    public enum Use {
        TRAIN, STREAM, WRITE
    }

    public static MemoryEstimate of(Selection s, Network net, Use use) {
        boolean training = use == Use.TRAIN;
        long n = s.nodes();
        long m = s.edgeEntries();
        long outputs = net.outputs();
        long heap = readHeap(s) + m * EDGE_GRAPH + s.graphs() * GRAPH_HEAP;
        long offHeap = s.featureValues() * FLOAT + (m + n) * INT * 2 + s.graphs() * GRAPH_OFF_HEAP;
        long parameters = ((long) net.featureWidth() * net.hidden()
                + (long) Math.max(0, net.layers() - 1) * net.hidden() * net.hidden() * 2
                + (long) net.hidden() * outputs + (long) net.hidden() * net.hidden()) * FLOAT;
        offHeap += parameters * (training ? 4 : 1);
        long activations = arenaBytes(s, net, training);
        offHeap += activations;
        long items = s.graphTask() ? s.graphs() : n;
        heap += switch (use) {
            case TRAIN -> items * (INT + 1 + outputs * FLOAT); // labels, splits, outputs pulled for metrics
            case STREAM -> items * (outputs * (PREDICTION + PROBABILITY_ROW) + 64);
            case WRITE -> items * (outputs * PREDICTION + 24);
        };
        // the outputs kept out of the step arena, and as doubles while predictions are made of them
        offHeap += items * outputs * (FLOAT + (training ? 0 : 16));
        long max = heap + offHeap;
        return new MemoryEstimate(n, s.relationships(), heap, offHeap, activations, max - activations / 6, max);
    }

    /** The step arena at its largest: training's steps and evaluations, or a prediction's passes. */
    public static long arenaBytes(Selection s, Network net, boolean training) {
        long n = s.nodes();
        // a graph task's arena is set by its passes over GRAPH_BATCH graphs at a time
        double share = !s.graphTask() ? 1.0 : Math.min(1.0, (double) Forward.GRAPH_BATCH / Math.max(1,
                s.graphs() > 0 ? s.graphs() : n));
        double floats = ActivationCosts.of(net.layer()).floats(training, s.graphTask(), n * share,
                s.edgeEntries() * share, net.hidden(), net.heads());
        long passItems = s.graphTask() ? Math.min(n, Forward.GRAPH_BATCH) : n;
        return (long) (floats * net.layers() * FLOAT)
                + passItems * net.outputs() * FLOAT * (training ? 6 : 2); // logits, softmax and their gradients
    }

    /** The heap the read path holds: nodes, feature values, edges and target values as read. */
    public static long readHeap(Selection s) {
        return s.nodes() * NODE_READ + s.featureValues() * FEATURE_READ + s.edgeEntries() * EDGE_READ
                + s.targetBytes();
    }

    public String requiredMemory() {
        return "[" + human(bytesMin) + " ... " + human(bytesMax) + "]";
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " Bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Refuses the call when its upper bound exceeds {@code limit} bytes. */
    public void refuseAbove(long limit, String procedure) {
        if (bytesMax > limit) {
            throw new IllegalArgumentException(procedure + " would need up to " + human(bytesMax) + " ("
                    + requiredMemory() + " for " + nodes + " nodes and " + relationships
                    + " relationships), more than the limit of " + human(limit)
                    + " (the least of dbms.erlangen.memory.limit and the server's db.memory.transaction.max, "
                    + "db.memory.transaction.total.max and dbms.memory.transaction.total.max); select a smaller graph "
                    + "or raise the limit");
        }
    }
}
