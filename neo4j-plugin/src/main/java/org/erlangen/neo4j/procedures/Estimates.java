package org.erlangen.neo4j.procedures;

import org.erlangen.gnn.models.Layers;
import org.erlangen.neo4j.config.GraphSpec;
import org.erlangen.neo4j.config.TrainConfig;
import org.erlangen.neo4j.model.MemoryEstimate;
import org.erlangen.neo4j.model.MemoryEstimate.Network;
import org.erlangen.neo4j.model.MemoryEstimate.Sampling;
import org.erlangen.neo4j.model.MemoryEstimate.Selection;
import org.erlangen.neo4j.model.MemoryEstimate.Use;
import org.erlangen.neo4j.model.TrainedModel;
import org.erlangen.neo4j.read.GraphReader;
import org.erlangen.neo4j.read.InDegrees;
import org.erlangen.neo4j.read.SelectionScan;
import org.erlangen.neo4j.read.SelectionSize;
import org.erlangen.neo4j.read.StoredGraph;
import org.erlangen.neo4j.read.ValueSizes;
import org.neo4j.graphdb.Transaction;

/**
 * The memory estimates of the procedures at their three moments: before reading (from the count store and the first
 * node, a lower bound that refuses the obvious at no cost), for an {@code .estimate} procedure (one pass over the
 * selection for the real widths, classes and graphs, and the in-degrees a sampled training draws from), and after
 * reading, before anything else is allocated (from what was read).
 */
final class Estimates {
    /** Bytes a target or graph id takes before it is read: a boxed number in its slot. */
    private static final long VALUE = 32;

    private Estimates() {
    }

    static MemoryEstimate trainBeforeReading(TrainConfig config, SelectionSize size) {
        int outputs = outputs(config, 2); // at least two classes; the real count follows
        int width = size.featureWidth() + config.randomProjection();
        return pooledInputs(MemoryEstimate.of(linked(counted(size, config.graph()), config, size.relationships()),
                network(config, width, outputs), Use.TRAIN, sampling(config)), config, size.nodes(), width);
    }

    static MemoryEstimate trainScanned(Transaction tx, TrainConfig config) {
        SelectionSize size = SelectionSize.of(tx, config.graph());
        SelectionScan scan = SelectionScan.of(tx, config.graph(), config.targetProperty(), config.sampled());
        int outputs = outputs(config, Math.max(2, scan.classes()));
        var selection = new Selection(size.nodes(), size.relationships(), size.edgeEntries(), scan.featureValues(),
                scan.widestNode(), config.task().graphLevel(), scan.graphs(), scan.targetBytes()
                + extraColumns(config.graph(), config, size), scan.inDegrees());
        int width = scan.widestNode() + config.randomProjection();
        return pooledInputs(MemoryEstimate.of(linked(selection, config, size.relationships()),
                network(config, width, outputs), Use.TRAIN, sampling(config)), config, size.nodes(), width);
    }

    static MemoryEstimate trainAsRead(TrainConfig config, StoredGraph stored) {
        int outputs = outputs(config, config.task().classification() ? Math.max(2, ValueSizes.distinct(stored
                .targets())) : 1);
        int width = stored.featureWidth() + config.randomProjection();
        return pooledInputs(MemoryEstimate.of(linked(read(stored, config.sampled()), config,
                stored.relationshipCount()), network(config, width, outputs), Use.TRAIN, sampling(config)), config,
                stored.nodeCount(), width);
    }

    /**
     * A link model whose first layer is GCN pools its constant inputs once for the run
     * ({@link org.erlangen.gnn.models.GnnModel#fixedInputs}): as many floats again as the inputs, off the heap.
     */
    private static MemoryEstimate pooledInputs(MemoryEstimate estimate, TrainConfig config, long nodes, int width) {
        return config.task().linkPrediction() && config.model().equals("gcn")
                ? estimate.plus(0, nodes * width * Float.BYTES) : estimate;
    }

    static MemoryEstimate predictBeforeReading(TrainedModel model, SelectionSize size, Use use, int topK) {
        return links(model, MemoryEstimate.of(projected(counted(size, model.spec().graph()), projection(model)),
                network(model), use, sampling(model)), topK, use);
    }

    static MemoryEstimate predictScanned(Transaction tx, TrainedModel model, GraphSpec spec, Use use, int topK) {
        SelectionSize size = SelectionSize.of(tx, spec);
        SelectionScan scan = SelectionScan.of(tx, spec, null);
        var selection = new Selection(size.nodes(), size.relationships(), size.edgeEntries(), scan.featureValues(),
                scan.widestNode(), model.spec().task().graphLevel(), scan.graphs(), 0);
        return links(model, MemoryEstimate.of(projected(selection, projection(model)), network(model), use,
                sampling(model)), topK, use);
    }

    static MemoryEstimate predictAsRead(TrainedModel model, StoredGraph stored, Use use, int topK) {
        return links(model, MemoryEstimate.of(projected(read(stored, false), projection(model)), network(model), use,
                sampling(model)), topK, use);
    }

    /** A link-prediction model's top-k links besides its outputs; other models' estimates as they are. */
    private static MemoryEstimate links(TrainedModel model, MemoryEstimate estimate, int topK, Use use) {
        return model.spec().task().linkPrediction() ? estimate.withTopK(topK, model.network().config().out(), use)
                : estimate;
    }

    /** A node model's outputs: the classes, or one number; a link model's are its embeddings, hidden wide. */
    private static int outputs(TrainConfig config, int classes) {
        return config.task().linkPrediction() ? config.hidden() : config.task().classification() ? classes : 1;
    }

    /**
     * For link prediction, the heap the links take besides the graph: each as a pair, a known key, in its split,
     * and its negatives (a long each at the default ratio), and twice as read (start and end); at most
     * {@code relationships} of them. A random projection adds its columns.
     */
    private static Selection linked(Selection s, TrainConfig config, long relationships) {
        if (!config.task().linkPrediction()) {
            return s;
        }
        long bytes = relationships * (5 * Long.BYTES + 2 * Integer.BYTES);
        return projected(new Selection(s.nodes(), s.relationships(), s.edgeEntries(), s.featureValues(),
                s.featureWidth(), s.graphTask(), s.graphs(), s.targetBytes() + bytes, s.inDegrees()),
                config.randomProjection());
    }

    /**
     * A selection whose nodes also carry {@code dimension} projection columns: as features, and while they are
     * computed the iteration's two buffers and the properties' copy (four floats per column and node in all).
     */
    private static Selection projected(Selection s, int dimension) {
        if (dimension == 0) {
            return s;
        }
        return new Selection(s.nodes(), s.relationships(), s.edgeEntries(), s.featureValues() + s.nodes() * dimension,
                s.featureWidth() + dimension, s.graphTask(), s.graphs(), s.targetBytes() + 3L * Float.BYTES
                * s.nodes() * dimension, s.inDegrees());
    }

    /** The columns a link model's random projection adds; 0 for other models. */
    private static int projection(TrainedModel model) {
        return model.spec().link() == null ? 0 : model.spec().link().projectedColumns();
    }

    private static Selection counted(SelectionSize size, GraphSpec spec) {
        long values = (spec.graphIdProperty() == null ? 1 : 2) * VALUE * size.nodes();
        return new Selection(size.nodes(), size.relationships(), size.edgeEntries(),
                size.nodes() * size.featureWidth(), size.featureWidth(), spec.graphIdProperty() != null, 0, values);
    }

    private static long extraColumns(GraphSpec spec, TrainConfig config, SelectionSize size) {
        return ((spec.graphIdProperty() == null ? 0 : 1) + (config.splitProperty() == null ? 0 : 1)) * VALUE
                * size.nodes();
    }

    /** @param inDegrees whether to count the in-degrees, for a sampled training */
    private static Selection read(StoredGraph s, boolean inDegrees) {
        long graphs = s.graphIds() == null ? 0 : ValueSizes.distinct(s.graphIds());
        long values = ValueSizes.bytes(s.targets()) + ValueSizes.bytes(s.splits()) + ValueSizes.bytes(s.graphIds());
        return new Selection(s.nodeCount(), s.relationshipCount(), s.senders().length,
                (long) s.nodeCount() * s.featureWidth(), s.featureWidth(), s.graphIds() != null, graphs, values,
                inDegrees ? InDegrees.of(s.senders(), s.receivers(), s.nodeCount()) : null);
    }

    private static Sampling sampling(TrainConfig config) {
        return config.sampled() ? new Sampling(config.batchSize(), config.fanouts()) : null;
    }

    /** A sampled model predicts layer-wise; its batch size does not matter there. */
    private static Sampling sampling(TrainedModel model) {
        return model.spec().sampled() ? new Sampling(1, model.spec().fanouts()) : null;
    }

    private static Network network(TrainConfig config, int featureWidth, int outputs) {
        return new Network(config.model(), featureWidth, config.hidden(), config.layers(), outputs, config.heads(),
                Layers.relational(config.model()) ? GraphReader.relations(config.graph()) : 0);
    }

    private static Network network(TrainedModel model) {
        var c = model.network().config();
        return new Network(c.layer(), c.in(), c.hidden(), c.layers(), c.out(), c.heads(), c.relations());
    }
}
