package org.erlangen.neo4j.procedures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.erlangen.gnn.models.Layers;
import org.erlangen.kernels.Concurrency;
import org.erlangen.neo4j.catalog.ModelCatalog;
import org.erlangen.neo4j.config.GraphSpec;
import org.erlangen.neo4j.config.PredictConfig;
import org.erlangen.neo4j.memory.CallMemory;
import org.erlangen.neo4j.memory.StepThreads;
import org.erlangen.neo4j.model.Dataset;
import org.erlangen.neo4j.model.Forward;
import org.erlangen.neo4j.model.MemoryEstimate;
import org.erlangen.neo4j.model.MemoryEstimate.Use;
import org.erlangen.neo4j.model.Predictions;
import org.erlangen.neo4j.model.TrainedModel;
import org.erlangen.neo4j.read.GraphReader;
import org.erlangen.neo4j.read.SelectionSize;
import org.erlangen.neo4j.read.StoredGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.internal.kernel.api.security.SecurityContext;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;
import org.neo4j.procedure.TerminationGuard;

/** Predictions with a catalog model: {@code erlangen.predict.*}. */
public class PredictProcedures {
    private static final String STREAM = "erlangen.predict.stream";
    private static final String WRITE = "erlangen.predict.write";
    private static final String EMBED_STREAM = "erlangen.embed.stream";
    private static final String EMBED_WRITE = "erlangen.embed.write";

    static {
        Plugin.setUp();
    }

    @Context
    public Transaction tx;

    /** For the settings where Neo4j did not start the plugin's extension ({@link Plugin#modelsFolder}). */
    @Context
    public GraphDatabaseService db;

    @Context
    public SecurityContext security;

    @Context
    public TerminationGuard guard;

    @Procedure(name = STREAM, mode = Mode.READ)
    @Description("Predicts with a model for every selected node (node tasks) or graph (graph tasks).")
    public Stream<PredictionRow> stream(@Name("modelName") String modelName,
            @Name(value = "configuration", defaultValue = "{}") Map<String, Object> configuration) {
        PredictConfig config = PredictConfig.parse(STREAM, configuration, false);
        TrainedModel model;
        Computed computed;
        try (var use = use(modelName)) {
            model = use.model();
            computed = compute(STREAM, model, config, Use.STREAM);
        }
        List<PredictionRow> rows = new ArrayList<>();
        boolean graphs = model.spec().task().graphLevel();
        Predictions p = computed.predictions;
        for (int i = 0; i < p.values().length; i++) {
            PredictionRow row = new PredictionRow();
            if (graphs) {
                row.graphId = computed.data.grouping().id(i);
            } else {
                row.nodeId = computed.stored.nodes().get(i).getElementId();
            }
            row.prediction = p.values()[i];
            row.probabilities = p.probabilities() == null ? null : boxed(p.probabilities()[i]);
            rows.add(row);
        }
        return rows.stream();
    }

    @Procedure(name = WRITE, mode = Mode.WRITE)
    @Description("Predicts with a model and writes each prediction to a node property, in the caller's "
            + "transaction: a failure leaves no property written. Never onto the model's own feature, target or "
            + "graph id properties; onto a property the nodes already hold only with overwrite: true.")
    public Stream<WriteResult> write(@Name("modelName") String modelName,
            @Name(value = "configuration", defaultValue = "{}") Map<String, Object> configuration) {
        PredictConfig config = PredictConfig.parse(WRITE, configuration, true);
        TrainedModel model;
        long start = System.nanoTime();
        Computed computed;
        try (var use = use(modelName)) {
            model = use.model();
            WriteGuard.refuseProtected(WRITE, config.writeProperty(), model, config.graph(model.spec().graph()));
            computed = compute(WRITE, model, config, Use.WRITE);
        }
        long computedAt = System.nanoTime();
        Object[] values = computed.predictions.values();
        boolean graphs = model.spec().task().graphLevel();
        Computed c = computed;
        return Stream.of(writeAll(config, c.stored.nodes(), v -> values[graphs ? c.data.grouping().graphOf(v) : v],
                c.data.graphCount(), start, computedAt));
    }

    @Procedure(name = EMBED_STREAM, mode = Mode.READ)
    @Description("Gives every selected node its embedding: the model's last hidden layer, as a list of numbers "
            + "(node-level models).")
    public Stream<EmbeddingRow> embedStream(@Name("modelName") String modelName,
            @Name(value = "configuration", defaultValue = "{}") Map<String, Object> configuration) {
        PredictConfig config = PredictConfig.parse(EMBED_STREAM, configuration, false);
        Embedded embedded;
        try (var use = use(modelName)) {
            embedded = embed(EMBED_STREAM, use.model(), config, Use.STREAM);
        }
        List<EmbeddingRow> rows = new ArrayList<>(embedded.vectors.length);
        for (int i = 0; i < embedded.vectors.length; i++) {
            EmbeddingRow row = new EmbeddingRow();
            row.nodeId = embedded.stored.nodes().get(i).getElementId();
            row.embedding = boxed(embedded.vectors[i]);
            rows.add(row);
        }
        return rows.stream();
    }

    @Procedure(name = EMBED_WRITE, mode = Mode.WRITE)
    @Description("Writes every selected node's embedding (the model's last hidden layer) to a node property as a "
            + "float[], in the caller's transaction: a failure leaves no property written. Never onto the model's own "
            + "feature, target or graph id properties; onto a property the nodes already hold only with overwrite: "
            + "true.")
    public Stream<WriteResult> embedWrite(@Name("modelName") String modelName,
            @Name(value = "configuration", defaultValue = "{}") Map<String, Object> configuration) {
        PredictConfig config = PredictConfig.parse(EMBED_WRITE, configuration, true);
        long start = System.nanoTime();
        Embedded embedded;
        try (var use = use(modelName)) {
            TrainedModel model = use.model();
            WriteGuard.refuseProtected(EMBED_WRITE, config.writeProperty(), model,
                    config.graph(model.spec().graph()));
            embedded = embed(EMBED_WRITE, model, config, Use.WRITE);
        }
        long computedAt = System.nanoTime();
        double[][] vectors = embedded.vectors;
        return Stream.of(writeAll(config, embedded.stored.nodes(), v -> {
            float[] value = new float[vectors[v].length];
            for (int k = 0; k < value.length; k++) {
                value[k] = (float) vectors[v][k];
            }
            return value;
        }, 1, start, computedAt));
    }

    @Procedure(name = EMBED_STREAM + ".estimate", mode = Mode.READ)
    @Description("Estimates the memory erlangen.embed.stream would need (that of erlangen.predict.stream).")
    public Stream<MemoryRow> embedStreamEstimate(@Name("modelName") String modelName,
            @Name(value = "configuration", defaultValue = "{}") Map<String, Object> configuration) {
        return estimate(EMBED_STREAM + ".estimate", modelName, configuration, Use.STREAM);
    }

    @Procedure(name = EMBED_WRITE + ".estimate", mode = Mode.READ)
    @Description("Estimates the memory erlangen.embed.write would need (that of erlangen.predict.write).")
    public Stream<MemoryRow> embedWriteEstimate(@Name("modelName") String modelName,
            @Name(value = "configuration", defaultValue = "{}") Map<String, Object> configuration) {
        return estimate(EMBED_WRITE + ".estimate", modelName, configuration, Use.WRITE);
    }

    @Procedure(name = STREAM + ".estimate", mode = Mode.READ)
    @Description("Estimates the memory erlangen.predict.stream would need.")
    public Stream<MemoryRow> streamEstimate(@Name("modelName") String modelName,
            @Name(value = "configuration", defaultValue = "{}") Map<String, Object> configuration) {
        return estimate(STREAM + ".estimate", modelName, configuration, Use.STREAM);
    }

    @Procedure(name = WRITE + ".estimate", mode = Mode.READ)
    @Description("Estimates the memory erlangen.predict.write would need.")
    public Stream<MemoryRow> writeEstimate(@Name("modelName") String modelName,
            @Name(value = "configuration", defaultValue = "{}") Map<String, Object> configuration) {
        return estimate(WRITE + ".estimate", modelName, configuration, Use.WRITE);
    }

    /** The memory a prediction or embedding call would need (they read and run the same). */
    private Stream<MemoryRow> estimate(String procedure, String modelName, Map<String, Object> configuration, Use use) {
        TrainedModel model = model(modelName);
        PredictConfig config = PredictConfig.parse(procedure, configuration, use == Use.WRITE);
        return Stream.of(MemoryRow.of(Estimates.predictScanned(tx, model, config.graph(model.spec().graph()), use),
                Plugin.memoryLimit(db)));
    }

    /**
     * Sets {@code valueOf(v)} on every node v, in batches with a termination check between them, and reports the
     * write.
     */
    private WriteResult writeAll(PredictConfig config, List<Node> nodes, IntFunction<Object> valueOf, long graphCount,
            long start, long computedAt) {
        long written = 0;
        for (int from = 0; from < nodes.size(); from += config.batchSize()) {
            guard.check();
            int end = Math.min(nodes.size(), from + config.batchSize());
            for (int v = from; v < end; v++) {
                nodes.get(v).setProperty(config.writeProperty(), valueOf.apply(v));
                written++;
            }
        }
        WriteResult result = new WriteResult();
        result.writeProperty = config.writeProperty();
        result.nodePropertiesWritten = written;
        result.nodeCount = nodes.size();
        result.graphCount = graphCount;
        result.computeMillis = (computedAt - start) / 1_000_000;
        result.writeMillis = (System.nanoTime() - computedAt) / 1_000_000;
        return result;
    }

    private TrainedModel model(String name) {
        return ModelCatalog.instance().get(Plugin.user(security), name, Plugin.modelsFolder(db),
                Plugin.memoryLimit(db));
    }

    /** The model, kept from being freed by a drop or a load until the computation is done. */
    private ModelCatalog.Use use(String name) {
        return ModelCatalog.instance().use(Plugin.user(security), name, Plugin.modelsFolder(db),
                Plugin.memoryLimit(db));
    }

    private record Computed(StoredGraph stored, Dataset data, Predictions predictions) {
    }

    /** Every selected node's embedding, in the order of the stored nodes. */
    private record Embedded(StoredGraph stored, double[][] vectors) {
    }

    private Computed compute(String procedure, TrainedModel model, PredictConfig config, Use use) {
        return run(procedure, model, config, use, (stored, data) -> {
            var outputs = Forward.outputs(model.network(), data, model.spec().sampled(), guard::check);
            try {
                return new Computed(stored, data, Predictions.of(outputs, model.spec()));
            } finally {
                outputs.close(); // off-heap, and no longer needed once turned into predictions
            }
        });
    }

    private Embedded embed(String procedure, TrainedModel model, PredictConfig config, Use use) {
        if (model.spec().task().graphLevel()) {
            throw new IllegalArgumentException(procedure + ": model '" + model.name() + "' is for "
                    + model.spec().task() + "; embeddings come from node-level models (nodeClassification, "
                    + "nodeRegression)");
        }
        return run(procedure, model, config, use, (stored, data) -> {
            var hidden = Forward.hidden(model.network(), data, model.spec().sampled(), guard::check);
            try {
                return new Embedded(stored, hidden.castTo(DataType.DOUBLE).toDoubleMatrix());
            } finally {
                hidden.close();
            }
        });
    }

    /** What a call computes from the graph it read and the model's dataset of it. */
    private interface Computation<T> {
        T apply(StoredGraph stored, Dataset data);
    }

    /**
     * Reads the selected graph under the memory checks, and runs the computation on the step threads: what
     * predictions and embeddings share.
     */
    private <T> T run(String procedure, TrainedModel model, PredictConfig config, Use use, Computation<T> work) {
        GraphSpec spec = config.graph(model.spec().graph());
        long limit = Plugin.memoryLimit(db);
        MemoryEstimate before = Estimates.predictBeforeReading(model, SelectionSize.of(tx, spec), use);
        before.refuseAbove(limit, procedure);
        int concurrency = Plugin.concurrency(db, config.concurrency());
        try (var memory = CallMemory.open(tx, limit, ModelCatalog.instance().bytesInMemory(), procedure)) {
            memory.require(before);
            StoredGraph stored = new GraphReader(tx, guard, concurrency).charging(memory::chargeRead).read(spec,
                    null, null);
            if (config.writeProperty() != null && !config.overwrite()) {
                WriteGuard.refuseExisting(procedure, config.writeProperty(), stored.nodes(), guard);
            }
            if (!stored.propertyWidths().equals(model.spec().featureWidths())) {
                throw new IllegalArgumentException("model '" + model.name() + "' takes " + model.spec()
                        .featureWidth() + " input features (" + widths(spec.featureProperties(), model.spec()
                        .featureWidths()) + ") but the selected nodes have " + stored.featureWidth() + " ("
                        + widths(spec.featureProperties(), stored.propertyWidths()) + ")");
            }
            MemoryEstimate asRead = Estimates.predictAsRead(model, stored, use);
            asRead.refuseAbove(limit, procedure);
            memory.require(asRead);
            Dataset data = Dataset.of(stored, model.spec().task(), spec.graphIdProperty(),
                    Layers.needsSelfLoops(model.network().config().layer()));
            return StepThreads.instance().run(asRead.arenaBytes(), () -> {
                try (var threads = Concurrency.scope(concurrency)) {
                    return work.apply(stored, data);
                }
            });
        }
    }

    private static String widths(List<String> properties, List<Integer> widths) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < properties.size(); i++) {
            parts.add(properties.get(i) + ": " + widths.get(i));
        }
        return String.join(", ", parts);
    }

    private static List<Double> boxed(double[] values) {
        if (values == null) {
            return null;
        }
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
