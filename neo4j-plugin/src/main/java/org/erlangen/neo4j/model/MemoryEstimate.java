package org.erlangen.neo4j.model;

import java.util.List;
import java.util.Locale;
import org.erlangen.gnn.models.Layers;
import org.erlangen.neo4j.read.InDegrees;

/**
 * What a training or prediction call will hold at its peak, on the heap and off it, from what it reads and the
 * model's widths: the read path per node, per feature value (at the widths the nodes really have) and per edge,
 * the target values, the graphs a graph task makes (each with its own arrays), the parameters (with gradients and
 * Adam's two moments when training), the step arena (measured per layer: {@link ActivationCosts}), and the outputs
 * per class, as probabilities per row when streaming. The lower bound leaves out the arena's over-allocation.
 *
 * <p>A node model trained on sampled neighbourhoods ({@link Sampling}) holds, instead of the whole graph's
 * activations, those of one batch's expected sampled subgraph ({@link SampledBatch}: what the fanouts draw from the
 * in-degrees, the distinct nodes the draws reach) at the costs measured per layer on such batches
 * ({@link SampledCosts}) and the batches the loader prepares ahead, whose rows are gathered from the features as
 * read; its validation and predictions run layer-wise: one layer over one chunk of receivers in the arena (GCN: one
 * layer over the whole graph), a layer's input and output rows for all nodes outside it.
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
    /** An arena that learns its size on its first step takes a fifth more than that step made. */
    private static final double OVER_ALLOCATION = 1.2;

    /**
     * The selection as read (or, before reading, as counted).
     *
     * @param graphs the graphs of a graph task (0 when not known yet: every graph has a node at least)
     * @param inDegrees what sampling draws from, for a sampled node model; null when not known (then the mean
     *        in-degree stands for every node's)
     */
    public record Selection(long nodes, long relationships, long edgeEntries, long featureValues, int featureWidth,
            boolean graphTask, long graphs, long targetBytes, InDegrees inDegrees) {
        /** A selection whose in-degrees are not known. */
        public Selection(long nodes, long relationships, long edgeEntries, long featureValues, int featureWidth,
                boolean graphTask, long graphs, long targetBytes) {
            this(nodes, relationships, edgeEntries, featureValues, featureWidth, graphTask, graphs, targetBytes,
                    null);
        }
    }

    /** The network's widths, and the relations of a relational layer (0 for the others). */
    public record Network(String layer, int featureWidth, int hidden, int layers, int outputs, int heads,
            int relations) {
        public Network(String layer, int featureWidth, int hidden, int layers, int outputs, int heads) {
            this(layer, featureWidth, hidden, layers, outputs, heads, 0);
        }
    }

    /**
     * How a node model is trained and run when it samples: {@code batchSize} training nodes per step, one fanout per
     * layer from the seeds outward (-1: all in-neighbours).
     */
    public record Sampling(int batchSize, List<Integer> fanouts) {
        public Sampling {
            fanouts = List.copyOf(fanouts);
        }
    }

    /** What the call does after reading. */
    public enum Use {
        TRAIN, STREAM, WRITE
    }

    public static MemoryEstimate of(Selection s, Network net, Use use) {
        return of(s, net, use, null);
    }

    /** @param sampling how a sampled node model trains and predicts; null for full-graph passes */
    public static MemoryEstimate of(Selection s, Network net, Use use, Sampling sampling) {
        boolean training = use == Use.TRAIN;
        sampling = s.graphTask() ? null : sampling;
        long n = s.nodes();
        long m = s.edgeEntries();
        long outputs = net.outputs();
        long heap = readHeap(s) + m * EDGE_GRAPH + s.graphs() * GRAPH_HEAP;
        long offHeap = s.featureValues() * FLOAT + (m + n) * INT * 2 + s.graphs() * GRAPH_OFF_HEAP;
        offHeap += parameters(net) * FLOAT * (training ? 4 : 1);
        long activations = arenaBytes(s, net, training, sampling);
        offHeap += activations;
        if (sampling != null) {
            // rows for all nodes outside the arena, as layer-wise passes go: on the heap where they fit, GCN's off it
            long rows = layerwiseRows(s, net);
            heap += Layers.needsSelfLoops(net.layer()) ? 0 : rows;
            offHeap += Layers.needsSelfLoops(net.layer()) ? rows : 0;
            if (training) {
                // the batches gather their rows from the features as read, where they lie
                heap += batchesInFlight(s, net, sampling);
                // GCN's graph carries self loops: sampling draws from the graph as read, made once more
                heap += Layers.needsSelfLoops(net.layer()) ? m * EDGE_GRAPH : 0;
            }
        }
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

    /** The step arena at its largest, for full-graph passes or, with {@code sampling}, a sampled node model's. */
    public static long arenaBytes(Selection s, Network net, boolean training, Sampling sampling) {
        if (sampling == null || s.graphTask()) {
            return arenaBytes(s, net, training);
        }
        long layerwise = layerwiseArena(s, net);
        return training ? Math.max(sampledStepArena(s, net, sampling), layerwise) : layerwise;
    }

    /**
     * A step of sampled training on the expected batch, layer i on the nodes within L - i hops and the edges sampled
     * into them (PyG's trimming), with a temporary per parameter in the update.
     */
    static long sampledStepArena(Selection s, Network net, Sampling sampling) {
        var batch = SampledBatch.expected(s, sampling, net.layers());
        double floats = SampledCosts.of(net.layer()).stepFloats(batch, net.layer(), net.featureWidth(), net.hidden(),
                net.outputs(), net.heads()) + parameters(net);
        return (long) (OVER_ALLOCATION * floats * FLOAT);
    }

    /** The parameters' count, from the widths. */
    private static long parameters(Network net) {
        if (net.relations() > 0) { // a root weight and one per relation in every layer
            return (net.relations() + 1L) * ((long) net.featureWidth() * net.hidden()
                    + (long) Math.max(0, net.layers() - 2) * net.hidden() * net.hidden()
                    + (long) net.hidden() * net.outputs());
        }
        return (long) net.featureWidth() * net.hidden()
                + (long) Math.max(0, net.layers() - 1) * net.hidden() * net.hidden() * 2
                + (long) net.hidden() * net.outputs() + (long) net.hidden() * net.hidden();
    }

    /**
     * What layer-wise passes hold for all nodes outside the arena: the rows a layer reads (at first a copy of the
     * features) and the rows it writes, at the widest layer.
     */
    static long layerwiseRows(Selection s, Network net) {
        long widest = 0;
        for (int i = 0; i < net.layers(); i++) {
            long in = i == 0 ? net.featureWidth() : net.hidden();
            long out = i == net.layers() - 1 ? net.outputs() : net.hidden();
            // GraphSAGE narrowing its width sends W_l x to the pools: rows of their own
            long messages = net.layer().equals("sage") && out < in ? out : 0;
            widest = Math.max(widest, in + out + messages);
        }
        return s.nodes() * widest * FLOAT;
    }

    /**
     * One layer of layer-wise inference: a chunk of receivers with their in-neighbours and in-edges, and the
     * chunk's gathered input rows; GCN runs each layer over the whole graph at once. GraphSAGE and GIN pool their
     * senders' rows in place: a chunk holds its receivers' pools, own rows and the layer's dense work on them
     * (measured: four rows of the layer's widths per receiver for SAGE, whose root product, bias and ReLU go into
     * its output in place; seven for GIN with its MLP).
     */
    static long layerwiseArena(Selection s, Network net) {
        long n = s.nodes();
        if (net.layer().equals("sage") || net.layer().equals("gin")) {
            double widest = 0;
            for (int i = 0; i < net.layers(); i++) {
                double in = i == 0 ? net.featureWidth() : net.hidden();
                double out = i == net.layers() - 1 ? net.outputs() : net.hidden();
                widest = Math.max(widest, net.layer().equals("sage") ? 2 * in + 2 * out : 4 * in + 3 * out);
            }
            return (long) (Math.min(n, Forward.CHUNK) * widest * FLOAT);
        }
        if (Layers.needsSelfLoops(net.layer())) {
            // plus the layer's input row per node, which a full forward pass shares with the layer before
            double floats = ActivationCosts.of(net.layer()).floats(false, false, n, s.edgeEntries() + n, net.hidden(),
                    net.heads()) + (double) n * net.hidden();
            return (long) (floats * FLOAT) + n * net.outputs() * FLOAT * 2;
        }
        double receivers = Math.min(n, Forward.CHUNK);
        double edges = s.edgeEntries() * receivers / Math.max(1, n);
        double nodes = Math.min(n, receivers + distinct(n, edges));
        double floats = ActivationCosts.of(net.layer()).floats(false, false, nodes, edges, net.hidden(), net.heads())
                + nodes * Math.max(net.featureWidth(), net.hidden());
        return (long) (floats * FLOAT) + (long) receivers * net.outputs() * FLOAT * 2;
    }

    /**
     * The prepared batches the loader holds at once, two queued, one being sampled and one training: each its node
     * ids and gathered feature rows, the sampled edges (sender, receiver, stored index) and per layer a graph of its
     * edges (with GCN's self loops) as a CSR with row pointers.
     */
    private static long batchesInFlight(Selection s, Network net, Sampling sampling) {
        var batch = SampledBatch.expected(s, sampling, net.layers());
        boolean loops = Layers.needsSelfLoops(net.layer());
        double bytes = batch.inputNodes(0) * (INT * 2 + (long) net.featureWidth() * FLOAT)
                + batch.edges(0) * INT * 3;
        for (int i = 0; i < net.layers(); i++) {
            double edges = batch.edges(i) + (loops ? batch.inputNodes(i) : 0);
            bytes += edges * INT * 3 + batch.inputNodes(i) * INT;
        }
        return 4 * (long) bytes;
    }

    /** Distinct values among {@code draws} uniform draws from {@code n}. */
    private static double distinct(double n, double draws) {
        return n <= 0 ? 0 : n * -Math.expm1(-draws / n);
    }

    /** The heap the read path holds: nodes, feature values, edges and target values as read. */
    public static long readHeap(Selection s) {
        return s.nodes() * NODE_READ + s.featureValues() * FEATURE_READ + s.edgeEntries() * EDGE_READ
                + s.targetBytes();
    }

    /** This estimate with {@code bytes} more on the heap and {@code offHeap} more off it. */
    public MemoryEstimate plus(long heap, long offHeap) {
        return new MemoryEstimate(nodes, relationships, heapBytes + heap, offHeapBytes + offHeap, arenaBytes,
                bytesMin + heap + offHeap, bytesMax + heap + offHeap);
    }

    /**
     * What top-k link predictions hold besides the node outputs: the links known to the model's type (as read and
     * as a neighbour list), the candidates' embeddings (and their transpose), one chunk of scores (at most 64 MB),
     * and {@code topK} links per source node (arrays, and a row object each for a stream).
     */
    public MemoryEstimate withTopK(int topK, int width, Use use) {
        long links = relationships * (2 * INT + 2 * INT);
        long candidates = nodes * width * FLOAT * 2;
        long results = nodes * topK * (INT + INT + 8 + (use == Use.STREAM ? 120 : 0));
        return plus(links + results, candidates + Math.min(1L << 26, nodes * nodes * FLOAT));
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
