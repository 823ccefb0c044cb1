package org.erlangen.neo4j.procedures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.erlangen.gnn.models.Layers;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.Termination;
import org.erlangen.neo4j.catalog.ModelCatalog;
import org.erlangen.neo4j.config.GraphSpec;
import org.erlangen.neo4j.config.Orientation;
import org.erlangen.neo4j.config.PredictConfig;
import org.erlangen.neo4j.memory.CallMemory;
import org.erlangen.neo4j.memory.StepThreads;
import org.erlangen.neo4j.model.Dataset;
import org.erlangen.neo4j.model.Forward;
import org.erlangen.neo4j.model.LinkPredictions;
import org.erlangen.neo4j.model.LinkSpec;
import org.erlangen.neo4j.model.MemoryEstimate;
import org.erlangen.neo4j.model.MemoryEstimate.Use;
import org.erlangen.neo4j.model.Predictions;
import org.erlangen.neo4j.model.Projected;
import org.erlangen.neo4j.model.TrainedModel;
import org.erlangen.neo4j.read.GraphReader;
import org.erlangen.neo4j.read.SelectionSize;
import org.erlangen.neo4j.read.StoredGraph;
import org.erlangen.neo4j.read.TargetLinks;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.RelationshipType;
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
            refuseMismatch(STREAM, model, config);
            if (model.spec().task().linkPrediction()) {
                Linked linked = predictLinks(STREAM, model, config, Use.STREAM);
                List<PredictionRow> rows = new ArrayList<>(linked.predictions.size());
                for (int i = 0; i < linked.predictions.size(); i++) {
                    PredictionRow row = new PredictionRow();
                    row.nodeId = linked.stored.nodes().get(linked.predictions.sources()[i]).getElementId();
                    row.targetNodeId = linked.stored.nodes().get(linked.predictions.targets()[i]).getElementId();
                    row.prediction = linked.predictions.probabilities()[i];
                    rows.add(row);
                }
                return rows.stream();
            }
            computed = compute(STREAM, model, config, Use.STREAM);
        }
        boolean graphs = model.spec().task().graphLevel();
        Predictions p = computed.predictions;
        // rows made as the caller pulls them: a million at once would be a gigabyte of short-lived objects
        return IntStream.range(0, p.values().length).mapToObj(i -> {
            PredictionRow row = new PredictionRow();
            if (graphs) {
                row.graphId = computed.data.grouping().id(i);
            } else {
                row.nodeId = computed.stored.nodes().get(i).getElementId();
            }
            row.prediction = p.values()[i];
            row.probabilities = p.probabilities() == null ? null : boxed(p.probabilities()[i]);
            return row;
        });
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
            refuseMismatch(WRITE, model, config);
            if (model.spec().task().linkPrediction()) {
                String type = linkWriteType(model, config);
                Linked linked = predictLinks(WRITE, model, config, Use.WRITE);
                return Stream.of(writeLinks(config, type, linked, start, System.nanoTime()));
            }
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
        return IntStream.range(0, embedded.vectors.length).mapToObj(i -> {
            EmbeddingRow row = new EmbeddingRow();
            row.nodeId = embedded.stored.nodes().get(i).getElementId();
            row.embedding = boxed(embedded.vectors[i]);
            return row;
        });
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
        return Stream.of(MemoryRow.of(Estimates.predictScanned(tx, model, config.graph(model.spec().graph()), use,
                config.link().topK()), Plugin.memoryLimit(db)));
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
        if (!config.link().given().isEmpty()) {
            throw new IllegalArgumentException(procedure + ": " + config.link().given() + " ask for links; "
                    + "embeddings take no such keys (erlangen.predict.stream gives a link model's top-k links)");
        }
        return run(procedure, model, config, use, (stored, data) -> {
            // a link model's embeddings are its outputs, whose dot products score links
            var hidden = model.spec().task().linkPrediction() ? Forward.outputs(model.network(), data, false,
                    guard::check) : Forward.hidden(model.network(), data, model.spec().sampled(), guard::check);
            try {
                return new Embedded(stored, Buffers.doubleRows(hidden));
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
        MemoryEstimate before = Estimates.predictBeforeReading(model, SelectionSize.of(tx, spec), use,
                config.link().topK());
        before.refuseAbove(limit, procedure);
        int concurrency = Plugin.concurrency(db, config.concurrency());
        try (var memory = CallMemory.open(tx, limit, ModelCatalog.instance().bytesInMemory(), procedure)) {
            memory.require(before);
            boolean relational = Layers.relational(model.network().config().layer());
            if (relational && (!spec.relationshipTypes().equals(model.spec().graph().relationshipTypes())
                    || spec.orientation() != model.spec().graph().orientation())) {
                throw new IllegalArgumentException(procedure + ": model '" + model.name() + "' has weights per "
                        + "relationship type " + model.spec().graph().relationshipTypes() + ", read "
                        + model.spec().graph().orientation() + "; predict with those relationshipTypes and that "
                        + "orientation");
            }
            GraphReader reader = new GraphReader(tx, guard, concurrency).charging(memory::chargeRead)
                    .typingEdges(relational);
            boolean links = model.spec().task().linkPrediction();
            StoredGraph stored = links ? reader.readLinks(spec, model.spec().link().type(), false,
                    model.spec().featureWidths())
                    : reader.read(spec, null, null, model.spec().featureWidths());
            // a link write sets its property on the relationships it creates, not on nodes
            if (config.writeProperty() != null && !config.overwrite() && !(links && procedure.equals(WRITE))) {
                WriteGuard.refuseExisting(procedure, config.writeProperty(), stored.nodes(), guard);
            }
            if (!stored.propertyWidths().equals(model.spec().featureWidths())) {
                throw new IllegalArgumentException("model '" + model.name() + "' takes " + model.spec()
                        .featureWidth() + " input features (" + widths(spec.columns(), model.spec()
                        .featureWidths()) + ") but the selected nodes have " + stored.featureWidth() + " ("
                        + widths(spec.columns(), stored.propertyWidths()) + ")");
            }
            MemoryEstimate asRead = Estimates.predictAsRead(model, stored, use, config.link().topK());
            asRead.refuseAbove(limit, procedure);
            memory.require(asRead);
            LinkSpec.Projection projection = links ? model.spec().link().projection() : null;
            StoredGraph projected = projection == null ? stored : projected(stored, projection, concurrency);
            Dataset data = Dataset.of(projected, model.spec().task(), spec.graphIdProperty(),
                    Layers.needsSelfLoops(model.network().config().layer()));
            return StepThreads.instance().run(asRead.arenaBytes(), () -> {
                try (var threads = Concurrency.scope(concurrency)) {
                    return work.apply(projected, data);
                }
            });
        }
    }

    /** The stored graph with the random projection's columns, computed with the call's threads and checks. */
    private StoredGraph projected(StoredGraph stored, LinkSpec.Projection projection, int concurrency) {
        try (var threads = Concurrency.scope(concurrency); var checked = Termination.checkedBy(guard::check)) {
            return Projected.features(stored, projection);
        }
    }

    /** Link keys asked of a node or graph model are a mistake worth naming. */
    private static void refuseMismatch(String procedure, TrainedModel model, PredictConfig config) {
        if (!model.spec().task().linkPrediction() && !config.link().given().isEmpty()) {
            throw new IllegalArgumentException(procedure + ": model '" + model.name() + "' was trained for "
                    + model.spec().task().configName() + ", not linkPrediction, so it predicts no links; "
                    + config.link().given() + " apply to link-prediction models only");
        }
    }

    /** The type a link write creates: named, and not the model's own target type. */
    private static String linkWriteType(TrainedModel model, PredictConfig config) {
        String type = config.link().writeRelationshipType();
        if (type == null) {
            throw new IllegalArgumentException(WRITE + ": config key 'writeRelationshipType' is required for "
                    + "link-prediction model '" + model.name() + "': the type of the relationships to create");
        }
        if (type.equals(model.spec().link().type())) {
            throw new IllegalArgumentException(WRITE + ": writeRelationshipType '" + type + "' is the model's "
                    + "targetRelationshipType: predicted links would be taken for known ones; name another type");
        }
        return type;
    }

    private record Linked(StoredGraph stored, LinkPredictions predictions) {
    }

    /** The top-k links of each source, scored by the model's embeddings of the selected graph. */
    private Linked predictLinks(String procedure, TrainedModel model, PredictConfig config, Use use) {
        var query = config.link();
        LinkSpec link = model.spec().link();
        GraphSpec spec = config.graph(model.spec().graph());
        boolean undirected = spec.orientation() == Orientation.UNDIRECTED;
        return run(procedure, model, config, use, (stored, data) -> {
            TargetLinks known = stored.links();
            int n = stored.nodeCount();
            int[] sources = query.sourceNodes() != null ? indices(procedure, query.sourceNodes(), stored)
                    : members(procedure, "sourceNodeLabels", query.sourceNodeLabels().isEmpty()
                            ? link.sourceLabels() : query.sourceNodeLabels(), spec, known, n);
            int[] candidates = members(procedure, "targetNodeLabels", query.targetNodeLabels().isEmpty()
                    ? link.targetLabels() : query.targetNodeLabels(), spec, known, n);
            int[][] csr = LinkPredictions.knownLinks(n, known.starts(), known.ends(), undirected);
            var embeddings = Forward.outputs(model.network(), data, false, guard::check);
            try (var checked = Termination.checkedBy(guard::check)) {
                return new Linked(stored, LinkPredictions.topK(embeddings, sources, candidates, csr[0], csr[1],
                        query.topK(), link::logit));
            } finally {
                embeddings.close();
            }
        });
    }

    /** The stored indices of nodes named by element id, each of which must be selected. */
    private static int[] indices(String procedure, List<String> elementIds, StoredGraph stored) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < stored.nodeCount(); i++) {
            index.put(stored.nodes().get(i).getElementId(), i);
        }
        int[] out = new int[elementIds.size()];
        for (int i = 0; i < out.length; i++) {
            Integer at = index.get(elementIds.get(i));
            if (at == null) {
                throw new IllegalArgumentException(procedure + ": sourceNodes names node " + elementIds.get(i)
                        + ", which is not in the selection (nodeLabels and the model's selection decide it)");
            }
            out[i] = at;
        }
        return out;
    }

    /** The selected nodes with any of {@code labels} (all when the selection names no labels). */
    private static int[] members(String procedure, String key, List<String> labels, GraphSpec spec,
            TargetLinks known, int n) {
        for (String label : labels) {
            if (!spec.nodeLabels().contains(label)) {
                throw new IllegalArgumentException(procedure + ": " + key + " names label '" + label + "', which is "
                        + "not among the selection's nodeLabels " + spec.nodeLabels());
            }
        }
        return known.nodesWith(labels, spec.nodeLabels(), n);
    }

    /**
     * Creates each predicted link as a relationship of {@code type} from source to target with the probability in
     * {@code writeProperty}, in batches with a termination check between them, in the caller's transaction: all or
     * nothing.
     */
    private WriteResult writeLinks(PredictConfig config, String type, Linked linked, long start, long computedAt) {
        RelationshipType relationshipType = RelationshipType.withName(type);
        LinkPredictions p = linked.predictions;
        List<Node> nodes = linked.stored.nodes();
        for (int from = 0; from < p.size(); from += config.batchSize()) {
            guard.check();
            int end = Math.min(p.size(), from + config.batchSize());
            for (int i = from; i < end; i++) {
                nodes.get(p.sources()[i]).createRelationshipTo(nodes.get(p.targets()[i]), relationshipType)
                        .setProperty(config.writeProperty(), p.probabilities()[i]);
            }
        }
        WriteResult result = new WriteResult();
        result.writeProperty = config.writeProperty();
        result.relationshipsWritten = p.size();
        result.nodeCount = nodes.size();
        result.graphCount = 1;
        result.computeMillis = (computedAt - start) / 1_000_000;
        result.writeMillis = (System.nanoTime() - computedAt) / 1_000_000;
        return result;
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
