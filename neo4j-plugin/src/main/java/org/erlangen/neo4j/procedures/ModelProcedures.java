package org.erlangen.neo4j.procedures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.erlangen.gnn.models.Layers;
import org.erlangen.kernels.Concurrency;
import org.erlangen.neo4j.catalog.ModelCatalog;
import org.erlangen.neo4j.catalog.ModelNames;
import org.erlangen.neo4j.config.TrainConfig;
import org.erlangen.neo4j.memory.CallMemory;
import org.erlangen.neo4j.memory.StepThreads;
import org.erlangen.neo4j.model.Dataset;
import org.erlangen.neo4j.model.LinkTrainer;
import org.erlangen.neo4j.model.MemoryEstimate;
import org.erlangen.neo4j.model.ModelTrainer;
import org.erlangen.neo4j.read.GraphReader;
import org.erlangen.neo4j.read.SelectionSize;
import org.erlangen.neo4j.read.StoredGraph;
import org.erlangen.train.TrainingWarning;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.internal.kernel.api.security.SecurityContext;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;
import org.neo4j.procedure.TerminationGuard;

/** Training and the model catalog: {@code erlangen.model.*}. */
public class ModelProcedures {
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

    @Procedure(name = "erlangen.model.train", mode = Mode.READ)
    @Description("Trains a graph neural network on the selected nodes and relationships and adds it to the catalog.")
    public Stream<TrainResult> train(@Name("modelName") String modelName,
            @Name(value = "configuration", defaultValue = "{}") Map<String, Object> configuration) {
        ModelNames.check(modelName);
        TrainConfig config = TrainConfig.parse(configuration);
        String user = Plugin.user(security);
        var folder = Plugin.modelsFolder(db);
        ModelCatalog catalog = ModelCatalog.instance();
        if (catalog.exists(user, modelName, folder)) {
            throw new IllegalArgumentException("a model named '" + modelName + "' already exists; drop it first with "
                    + "erlangen.model.drop('" + modelName + "')");
        }
        long limit = Plugin.memoryLimit(db);
        MemoryEstimate before = Estimates.trainBeforeReading(config, SelectionSize.of(tx, config.graph()));
        before.refuseAbove(limit, TrainConfig.PROCEDURE);
        long start = System.nanoTime();
        int concurrency = Plugin.concurrency(db, config.concurrency());
        StoredGraph stored;
        Dataset data;
        ModelTrainer.Result result;
        try (var memory = CallMemory.open(tx, limit, catalog.bytesInMemory(), TrainConfig.PROCEDURE)) {
            memory.require(before);
            GraphReader reader = new GraphReader(tx, guard, concurrency).charging(memory::chargeRead)
                    .typingEdges(Layers.relational(config.model()));
            stored = config.task().linkPrediction()
                    ? reader.readLinks(config.graph(), config.targetRelationshipType(), true)
                    : reader.read(config.graph(), config.targetProperty(), config.splitProperty());
            MemoryEstimate asRead = Estimates.trainAsRead(config, stored);
            asRead.refuseAbove(limit, TrainConfig.PROCEDURE);
            memory.require(asRead);
            StoredGraph read = stored;
            if (config.task().linkPrediction()) {
                data = null;
                result = StepThreads.instance().run(asRead.arenaBytes(), () -> {
                    try (var threads = Concurrency.scope(concurrency)) {
                        return new LinkTrainer(read, config, guard::check).train(modelName);
                    }
                });
            } else {
                data = Dataset.of(stored, config.task(), config.graph().graphIdProperty(),
                        Layers.needsSelfLoops(config.model()));
                Dataset items = data;
                result = StepThreads.instance().run(asRead.arenaBytes(), () -> {
                    try (var threads = Concurrency.scope(concurrency)) {
                        return new ModelTrainer(items, config, guard::check).train(modelName);
                    }
                });
            }
        }
        catalog.add(user, result.model(), folder);
        return Stream.of(row(modelName, config, stored, data, result, (System.nanoTime() - start) / 1_000_000));
    }

    @Procedure(name = "erlangen.model.train.estimate", mode = Mode.READ)
    @Description("Estimates the memory erlangen.model.train would need with this configuration.")
    public Stream<MemoryRow> trainEstimate(
            @Name(value = "configuration", defaultValue = "{}") Map<String, Object> configuration) {
        return Stream.of(MemoryRow.of(Estimates.trainScanned(tx, TrainConfig.parse(configuration)),
                Plugin.memoryLimit(db)));
    }

    @Procedure(name = "erlangen.model.list", mode = Mode.READ)
    @Description("Lists the calling user's models, in memory and stored.")
    public Stream<ModelRow> list() {
        return ModelCatalog.instance().list(Plugin.user(security), Plugin.modelsFolder(db)).stream()
                .map(ModelRow::of);
    }

    // WRITE: it changes what the server keeps (the models folder), so Neo4j asks for write rights and sends it to the
    // writer of a cluster, as it would a statement that changes the graph
    @Procedure(name = "erlangen.model.drop", mode = Mode.WRITE)
    @Description("Removes a model from the catalog, in memory and stored.")
    public Stream<ModelRow> drop(@Name("modelName") String modelName) {
        return Stream.of(ModelRow.of(ModelCatalog.instance().drop(Plugin.user(security), modelName,
                Plugin.modelsFolder(db))));
    }

    @Procedure(name = "erlangen.model.store", mode = Mode.WRITE)
    @Description("Writes a model to the models folder (dbms.erlangen.models.folder) as a model file.")
    public Stream<ModelRow> store(@Name("modelName") String modelName) {
        return Stream.of(ModelRow.of(ModelCatalog.instance().store(Plugin.user(security), modelName,
                Plugin.modelsFolder(db), Plugin.quota(db))));
    }

    @Procedure(name = "erlangen.model.load", mode = Mode.READ)
    @Description("Reads a stored model file into memory.")
    public Stream<ModelRow> load(@Name("modelName") String modelName) {
        return Stream.of(ModelRow.of(ModelCatalog.instance().load(Plugin.user(security), modelName,
                Plugin.modelsFolder(db), Plugin.memoryLimit(db))));
    }

    private static TrainResult row(String name, TrainConfig config, StoredGraph stored, Dataset data,
            ModelTrainer.Result result, long millis) {
        TrainResult row = new TrainResult();
        row.modelName = name;
        row.task = config.task().configName();
        row.model = config.model();
        row.nodeCount = stored.nodeCount();
        row.relationshipCount = stored.relationshipCount();
        row.graphCount = data == null ? 1 : data.graphCount();
        row.trainCount = result.trainCount();
        row.validationCount = result.validationCount();
        row.testCount = result.testCount();
        row.metric = config.task().metric();
        row.trainMetric = finite(result.train());
        row.validationMetric = finite(result.validation());
        row.testMetric = finite(result.test());
        row.bestEpoch = result.bestEpoch();
        row.epochs = result.epochs().size();
        row.parameters = result.model().parameterCount();
        row.trainMillis = millis;
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (ModelTrainer.Epoch e : result.epochs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", (long) e.epoch());
            m.put("loss", e.loss());
            m.put("validation", finite(e.validation()));
            epochs.add(m);
        }
        row.epochMetrics = epochs;
        row.warnings = result.warnings().stream().map(TrainingWarning::message).toList();
        Map<String, Object> metrics = new LinkedHashMap<>();
        result.model().metrics().forEach((k, v) -> metrics.put(k, v instanceof Double d ? finite(d) : v));
        row.metrics = metrics;
        return row;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

}
