package org.erlangen.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.erlangen.gnn.kg.KnowledgeGraphCompletion;
import org.erlangen.gnn.links.LinkModel;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.Layers;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.gnn.tasks.EntityClassifier;
import org.erlangen.gnn.tasks.Features;
import org.erlangen.gnn.tasks.GraphPredictor;
import org.erlangen.gnn.tasks.LinkPredictor;
import org.erlangen.gnn.tasks.NodeClassifier;
import org.erlangen.graph.Graph;
import org.erlangen.graph.Shuffle;
import org.erlangen.graph.Splits;
import org.erlangen.io.DatasetFormat;
import org.erlangen.io.EdgeListReader;
import org.erlangen.io.ModelFile;
import org.erlangen.io.OgbNodeReader;
import org.erlangen.io.PlanetoidReader;
import org.erlangen.io.RdfEntityReader;
import org.erlangen.io.TableDataset;
import org.erlangen.io.TriplesReader;
import org.erlangen.io.TuDatasetReader;
import org.erlangen.train.LrSchedule;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingSettings;
import org.erlangen.train.TrainingWarning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains a model on a dataset folder, detecting its format: Planetoid (node classification on the standard split),
 * TUDataset (graph classification, on a stratified split or with k-fold cross-validation); or on two tables, nodes and
 * edges (node classification, or graph tasks with a graph column; see {@link TableInput}). Options left out take the
 * task's defaults ({@link TaskDefaults}); meaningless ones are refused before anything is read. Writes the model file,
 * a metrics JSON, a PNG of the training curves (and for tables the predictions keyed by the user's ids) into a
 * temporary folder that is moved into place only when the run succeeds, and ends with a line of figures.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a graph neural network on a dataset folder (Planetoid, TUDataset, OGB node property, "
                + "RDF entities or knowledge-graph triples), an edge list, or a node table and an edge table (--nodes, "
                + "--edges, --target).")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--dataset", description = "Dataset folder (or edge-list file); or give tables with --nodes "
            + "and --edges.")
    Path dataset;
    @Mixin
    TableInput tables;
    @Option(names = "--model", description = "Layer type (default: gin for graphClassification, rgcn for an RDF "
            + "entity folder, distmult for triples, gcn otherwise).")
    String model;
    @Option(names = "--task", description = "nodeClassification, graphClassification, graphRegression or "
            + "linkPrediction (default: from the format).")
    String task;
    @Option(names = "--epochs", description = "Epochs (default: 50 for an RDF entity folder, 15 for triples, 200 "
            + "otherwise).")
    Integer epochs;
    @Option(names = "--hidden", description = "Hidden units (default: 64 for graphClassification, 128 (the embedding "
            + "size) for triples, 16 otherwise).")
    Integer hidden;
    @Option(names = "--layers", description = "Graph layers (default: 4 for graphClassification, 2 otherwise).")
    Integer layers;
    @Option(names = "--bases", defaultValue = "0", description = "R-GCN: bases of the weight decomposition, 0 for "
            + "a full weight per relation on RDF entities, or blocks (--blocks) on triples (default ${DEFAULT-VALUE}).")
    int bases;
    @Option(names = "--blocks", defaultValue = "8", description = "R-GCN encoder on triples: blocks of each "
            + "block-diagonal relation weight (default ${DEFAULT-VALUE}).")
    int blocks;
    @Option(names = "--heads", defaultValue = "1", description = "Attention heads, for layers that have them.")
    int heads;
    @Option(names = "--lr", defaultValue = "0.01")
    double lr;
    @Option(names = "--dropout", description = "Dropout probability (default: 0 for graphClassification and RDF "
            + "entities, 0.2 for triples, 0.5 otherwise).")
    Double dropout;
    @Option(names = "--weight-decay", description = "Weight decay, added to the gradient as L2 (default 5e-4 for "
            + "nodeClassification, 0 otherwise).")
    Double weightDecay;
    @Option(names = "--weight-decay-on", defaultValue = "all", description = "Which parameters weight decay applies "
            + "to: all, or first-layer (Kipf and Welling's choice) (default ${DEFAULT-VALUE}).")
    String weightDecayOn;
    @Option(names = "--batch-size", description = "Graphs per batch, graph tasks (default: 32 for "
            + "graphClassification, 64 for graphRegression); training nodes per batch with --fanouts (default 512); "
            + "queries per batch for triples (default 1024).")
    Integer batchSize;
    @Option(names = "--fanouts", split = ",", paramLabel = "N,N", description = "Node tasks: train in mini-batches "
            + "on sampled neighbourhoods, at most N in-neighbours per node at each hop, one per layer, from the "
            + "training nodes outward (PyG's num_neighbors; -1 takes all); predictions then run layer-wise over full "
            + "neighbourhoods. Without it node tasks train full-batch.")
    int[] fanouts;
    @Option(names = "--readout", defaultValue = "sum", description = "sum, mean or max (graph tasks).")
    String readout;
    @Option(names = "--norm", description = "none or batch: normalisation inside GIN's MLP, and after each layer "
            + "with --head jk (graph tasks; default: batch for graphClassification, none otherwise).")
    String norm;
    @Option(names = "--no-input-dropout", description = "Apply dropout between layers only (graph tasks).")
    boolean noInputDropout;
    @Option(names = "--head", description = "mlp or jk (graph tasks): two layers on the last layer's readout, or "
            + "Xu et al.'s GIN readout (a linear head on the readout of the input and of every layer, summed; dropout "
            + "only there) (default: jk for graphClassification, mlp otherwise).")
    String head;
    @Option(names = "--lr-step", description = "Multiply the learning rate by --lr-factor every this many epochs "
            + "(0: constant; default: 50 for graphClassification, 0 otherwise).")
    Integer lrStep;
    @Option(names = "--lr-factor", defaultValue = "0.5", description = "Learning-rate decay factor for --lr-step.")
    double lrFactor;
    @Option(names = "--patience", description = "Stop once this many epochs have passed since the best validation "
            + "epoch; 0 never stops early (default: 0 for graphClassification, 100 otherwise).")
    Integer patience;
    @Option(names = "--tie-break", negatable = true, description = "Among epochs with the same validation metric, "
            + "keep the one with the lower validation loss; --no-tie-break keeps the earlier one (default: on for "
            + "graphClassification, off otherwise).")
    Boolean tieBreak;
    @Option(names = "--seed", defaultValue = "0")
    long seed;
    @Option(names = "--seeds", defaultValue = "1", description = "Repeat with seeds seed, seed+1, ... and report mean and std.")
    int seeds;
    @Option(names = "--folds", defaultValue = "0", description = "k-fold cross-validation, k at least 2 (graph "
            + "tasks; default: one stratified 80/10/10 split per seed).")
    int folds;
    @Option(names = "--out", description = "Output folder (default: runs/<dataset>-<model>).")
    Path out;
    @Option(names = "--no-scale-features", description = "Leave node features as they are (by default continuous "
            + "ones are standardised inside the model with the training items' statistics).")
    boolean noScaleFeatures;

    private record Run(String name, double testAccuracy, double validationAccuracy, int bestEpoch, List<Double> loss,
            List<Double> validation, List<TrainingWarning> warnings) {
        Run(String name, double test, Trainer.Result fit, Progress progress, String metric) {
            this(name, test, fit.bestValue(), fit.bestEpoch(), progress.losses(), progress.metric(metric),
                    fit.warnings());
        }
    }

    private static final String RGCN = "rgcn";
    private static final String DISTMULT = "distmult";
    /** Figures a task reports beside its test metric (Hits@k of knowledge-graph completion). */
    private final Map<String, Double> moreFigures = new LinkedHashMap<>();
    /** Which task's defaults apply: the task, or entityClassification for an RDF entity folder. */
    private String defaultsKey;

    private static final List<String> TASKS = List.of("nodeClassification", "graphClassification",
            "graphRegression", "linkPrediction");

    /** The figure each task reports: test accuracy, mean absolute error, or ROC-AUC. */
    private String metric = "accuracy";

    private static String metricFor(String task) {
        return switch (task) {
            case "graphRegression" -> "mae";
            case "linkPrediction" -> "auc";
            default -> "accuracy";
        };
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        String chosen;
        DatasetFormat format = null;
        TableDataset table = null;
        if (tables.given()) {
            if (dataset != null) {
                throw new UserError("give --dataset or the tables --nodes and --edges, not both");
            }
            table = tables.read(task);
            chosen = TableInput.task(table);
            System.out.println(tables.nodes.getFileName() + ", " + tables.edges.getFileName() + ": "
                    + table.summary());
            table.notes().forEach(note -> System.out.println("note: " + note));
        } else {
            if (dataset == null) {
                throw new UserError("give a dataset: --dataset FOLDER|FILE, or tables: --nodes FILE --edges FILE "
                        + "--target COLUMN");
            }
            if (!Files.exists(dataset)) {
                throw new UserError("no such dataset: " + dataset);
            }
            format = DatasetFormat.detect(dataset);
            chosen = task != null ? task
                    : format == DatasetFormat.PLANETOID || format == DatasetFormat.OGB_NODE
                            || format == DatasetFormat.RDF_ENTITIES ? "nodeClassification"
                    : format == DatasetFormat.TU_DATASET ? "graphClassification" : "linkPrediction";
        }
        defaultsKey = format == DatasetFormat.RDF_ENTITIES ? "entityClassification"
                : format == DatasetFormat.TRIPLES ? "knowledgeGraph" : chosen;
        applyDefaults(defaultsKey);
        if (DISTMULT.equals(model) && format != DatasetFormat.TRIPLES
                || format == DatasetFormat.TRIPLES && !DISTMULT.equals(model) && !RGCN.equals(model)) {
            throw new UserError(DISTMULT.equals(model) ? "--model distmult trains on a triples folder ("
                    + TriplesReader.LAYOUT + ")" : "a triples folder trains --model distmult or rgcn, not " + model);
        }
        if (RGCN.equals(model) && format != DatasetFormat.RDF_ENTITIES && format != DatasetFormat.TRIPLES
                || format == DatasetFormat.RDF_ENTITIES && !RGCN.equals(model)) {
            throw new UserError(RGCN.equals(model) ? "--model rgcn trains on an RDF entity folder ("
                    + RdfEntityReader.LAYOUT + ") or on triples (" + TriplesReader.LAYOUT + ")"
                    : "an RDF entity folder trains --model rgcn, not " + model);
        }
        if (fanouts != null && format == DatasetFormat.RDF_ENTITIES) {
            throw new UserError("--fanouts samples homogeneous graphs; R-GCN on an RDF folder trains full-graph");
        }
        if (bases > 0 && !RGCN.equals(model)) {
            throw new UserError("--bases is for --model rgcn, not " + model);
        }
        if (fanouts != null && !chosen.equals("nodeClassification")) {
            throw new UserError("--fanouts is for nodeClassification; " + chosen + " trains on whole graphs");
        }
        if (fanouts != null && fanouts.length != layers) {
            throw new UserError("--fanouts gives " + fanouts.length + " hops for " + layers + " layers: give one "
                    + "per layer (--layers " + layers + ")");
        }
        if (folds > 0 && !chosen.startsWith("graph")) {
            throw new UserError("--folds is for graph tasks; " + chosen + " uses --seeds");
        }
        String name = table != null ? tables.name() : dataset.getFileName().toString();
        Path target = out != null ? out : Path.of("runs", name + "-" + model);
        long start = System.nanoTime();
        List<Run> runs;
        double seconds;
        double mean;
        double std;
        try (OutputFolder output = OutputFolder.create(target)) {
            Path folder = output.path();
            runs = switch (chosen) {
                case "nodeClassification" -> {
                    if (table != null) {
                        yield tableNodeRuns(folder, table);
                    }
                    if (format == DatasetFormat.OGB_NODE) {
                        yield ogbNodeRuns(folder);
                    }
                    if (format == DatasetFormat.RDF_ENTITIES) {
                        yield entityRuns(folder);
                    }
                    requireFormat(format, DatasetFormat.PLANETOID, chosen);
                    yield nodeRuns(folder);
                }
                case "graphClassification", "graphRegression" -> {
                    var kind = chosen.equals("graphClassification")
                            ? GraphPredictor.Kind.CLASSIFICATION : GraphPredictor.Kind.REGRESSION;
                    if (table != null) {
                        yield tableGraphRuns(folder, table, kind);
                    }
                    requireFormat(format, DatasetFormat.TU_DATASET, chosen);
                    yield graphRuns(folder, kind);
                }
                case "linkPrediction" -> linkRuns(folder, format);
                default -> throw new IllegalStateException("no runs for task " + chosen);
            };
            metric = format == DatasetFormat.TRIPLES ? "mrr" : metricFor(chosen);
            seconds = (System.nanoTime() - start) / 1e9;
            double[] accuracies = runs.stream().mapToDouble(Run::testAccuracy).toArray();
            mean = Arrays.stream(accuracies).average().orElse(Double.NaN);
            std = std(accuracies, mean);
            writeMetrics(folder.resolve("metrics.json"), chosen, runs, mean, std, seconds);
            TrainingCurves.write(folder.resolve("curves.png"), name + " / " + model, "val_" + metric,
                    runs.stream().map(r -> new TrainingCurves.Curve(r.name(), r.loss(), r.validation())).toList());
            output.commit();
        }
        List<String> written = new ArrayList<>(List.of("model.safetensors", "metrics.json", "curves.png"));
        if (table != null) {
            written.add(1, "predictions.csv");
        }
        System.out.println("wrote " + String.join(", ", written.stream().map(f -> target.resolve(f).toString())
                .toList()));
        Set<String> warnings = new LinkedHashSet<>();
        for (Run r : runs) {
            r.warnings().forEach(w -> System.out.println(r.name() + ": warning: " + w.message()));
            r.warnings().forEach(w -> warnings.add(w.code()));
        }
        Figures figures = new Figures();
        if (runs.size() == 1) {
            figures.put("test_" + metric, mean, 4);
        } else {
            figures.put("mean_" + metric, mean, 4).put("std_" + metric, std, 4).put("runs", runs.size());
        }
        String prefix = runs.size() == 1 ? "test_" : "mean_";
        moreFigures.forEach((k, v) -> figures.put(prefix + k, v, 4));
        if (moreFigures.isEmpty()) {
            figures.put("epochs", epochs);
        }
        figures.put("seconds", seconds, 1);
        if (!warnings.isEmpty()) {
            figures.put("warning", String.join(",", warnings));
        }
        figures.print();
        return 0;
    }

    /** Refuses meaningless settings before anything is read: each gives one line and exit code 2. */
    private void checkOptions() {
        if (model != null && !model.equals(RGCN) && !model.equals(DISTMULT)) {
            Layers.factory(model); // an unknown model is named before anything is read
        }
        OptionChecks.atLeast("--bases", bases, 0);
        OptionChecks.atLeast("--blocks", blocks, 1);
        tables.check();
        for (var count : new Object[][] {{"--epochs", epochs}, {"--hidden", hidden}, {"--layers", layers},
                {"--batch-size", batchSize}}) {
            if (count[1] != null) {
                OptionChecks.atLeast((String) count[0], (Integer) count[1], 1);
            }
        }
        OptionChecks.atLeast("--heads", heads, 1);
        if (fanouts != null) {
            for (int f : fanouts) {
                if (f == 0 || f < -1) {
                    throw new UserError("--fanouts takes a count of at least 1 per hop, or -1 for all neighbours, got "
                            + f);
                }
            }
        }
        OptionChecks.atLeast("--seeds", seeds, 1);
        if (patience != null) {
            OptionChecks.atLeast("--patience", patience, 0);
        }
        if (folds == 1 || folds < 0) {
            throw new UserError("--folds must be 0 (one split per seed) or at least 2, got " + folds);
        }
        if (folds > 0 && seeds > 1) {
            throw new UserError("--folds and --seeds both repeat training; give one of them");
        }
        OptionChecks.positive("--lr", lr);
        if (dropout != null) {
            OptionChecks.dropout("--dropout", dropout);
        }
        if (weightDecay != null) {
            OptionChecks.notNegative("--weight-decay", weightDecay);
        }
        if (task != null) {
            OptionChecks.oneOf("--task", task, TASKS);
        }
        if (head != null) {
            OptionChecks.oneOf("--head", head, ModelConfig.HEADS);
        }
        OptionChecks.oneOf("--readout", readout, List.of("sum", "mean", "max"));
        if (norm != null) {
            OptionChecks.oneOf("--norm", norm, List.of("none", "batch"));
        }
        OptionChecks.oneOf("--weight-decay-on", weightDecayOn, List.of("all", "first-layer"));
        if ((lrStep != null && lrStep < 0) || !(lrFactor > 0 && lrFactor <= 1)) {
            throw new UserError("--lr-step must be >= 0 and --lr-factor in (0, 1], got " + lrStep + " and "
                    + lrFactor);
        }
    }

    /** The task's defaults for every option left out (see {@link TaskDefaults}). */
    private void applyDefaults(String chosenTask) {
        TaskDefaults d = TaskDefaults.of(chosenTask);
        model = model != null ? model : d.model();
        dropout = dropout != null ? dropout : d.dropout();
        norm = norm != null ? norm : d.norm();
        head = head != null ? head : d.head();
        lrStep = lrStep != null ? lrStep : d.lrStep();
        tieBreak = tieBreak != null ? tieBreak : d.tieBreak();
        epochs = epochs != null ? epochs : d.epochs();
        hidden = hidden != null ? hidden : d.hidden();
        layers = layers != null ? layers : d.layers();
        batchSize = batchSize != null ? batchSize : d.batchSize();
        patience = patience != null ? patience : d.patience();
    }

    /** The sample standard deviation (n - 1) of several runs, 0 for one. */
    private static double std(double[] values, double mean) {
        return Math.sqrt(Arrays.stream(values).map(a -> (a - mean) * (a - mean)).sum()
                / Math.max(1, values.length - (values.length > 1 ? 1 : 0)));
    }

    private static void requireFormat(DatasetFormat format, DatasetFormat needed, String task) {
        if (format != needed) {
            throw new UserError(task + " needs a " + needed + " dataset, this one is " + format);
        }
    }

    /**
     * The training settings the flags give, for a task: the one meaning of each flag (see
     * {@link TrainingSettings}), with the task's defaults for weight decay.
     */
    private TrainingSettings training() {
        double decay = weightDecay != null ? weightDecay : TaskDefaults.of(defaultsKey).weightDecay();
        return TrainingSettings.builder().epochs(epochs).patience(patience).tieBreak(tieBreak)
                .schedule(lrStep > 0 ? LrSchedule.stepDecay(lr, lrStep, lrFactor) : LrSchedule.constant(lr))
                .weightDecay(decay, !weightDecayOn.equals("first-layer") ? TrainingSettings.ALL_PARAMETERS
                        : defaultsKey.equals("linkPrediction") ? LinkModel.FIRST_LAYER : GnnModel.FIRST_LAYER)
                .build();
    }

    /** Entity classification in an RDF graph with R-GCN, a run per seed on the folder's split. */
    private List<Run> entityRuns(Path folder) throws IOException {
        if (dropout > 0) {
            throw new UserError("R-GCN trains without dropout here; leave out --dropout");
        }
        var data = RdfEntityReader.read(dataset);
        System.out.printf(Locale.ROOT, "%s: %d nodes, %d relations (and their inverses), %d triples; %d training and "
                + "%d test entities in %d classes%n", dataset.getFileName(), data.graph().numNodes(),
                data.graph().relationCount(), data.graph().numEdges(), data.trainNodes().length,
                data.testNodes().length, data.classes().size());
        List<Run> runs = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            long runSeed = seed + s;
            EntityClassifier classifier = new EntityClassifier().hidden(hidden).layers(layers).bases(bases)
                    .training(training()).seed(runSeed);
            Progress progress = new Progress("seed " + runSeed, epochs);
            Trainer.Result fit;
            try (progress) {
                fit = classifier.fit(data.graph(), data.trainNodes(), data.trainLabels(), new int[0], new int[0],
                        progress);
            }
            double test = classifier.accuracy(data.testNodes(), data.testLabels());
            System.out.printf(Locale.ROOT, "seed %d: test accuracy %.4f (%d parameters)%n", runSeed, test,
                    classifier.model().parameterCount());
            if (s == 0) {
                classifier.save(folder.resolve("model.safetensors"));
            }
            runs.add(new Run("seed " + runSeed, test, fit, progress, "val_acc"));
        }
        return runs;
    }

    /**
     * Knowledge-graph completion with DistMult, a run per seed on the folder's split; test figures filtered, mean
     * over the seeds.
     */
    private List<Run> knowledgeGraphRuns(Path folder) throws IOException {
        var kg = TriplesReader.read(dataset);
        System.out.printf(Locale.ROOT, "%s: %d entities, %d relations; %d training, %d validation, %d test "
                + "triples%n", dataset.getFileName(), kg.entityCount(), kg.relationCount(), kg.train().length,
                kg.valid().length, kg.test().length);
        List<Run> runs = new ArrayList<>();
        double[] hits = new double[3];
        for (int s = 0; s < seeds; s++) {
            long runSeed = seed + s;
            var completion = new KnowledgeGraphCompletion().dimension(hidden).dropout(dropout).batchSize(batchSize)
                    .encoder(RGCN.equals(model) ? layers : 0, blocks).encoderBases(RGCN.equals(model) ? bases : 0)
                    .training(training()).seed(runSeed);
            var progress = Progress.perBatch("seed " + runSeed, epochs, (2 * kg.train().length + batchSize - 1)
                    / batchSize);
            Trainer.Result fit;
            try (progress) {
                fit = completion.fit(kg, progress);
            }
            var test = completion.evaluate(kg.test());
            System.out.printf(Locale.ROOT, "seed %d: test MRR %.4f, Hits@1 %.4f, Hits@3 %.4f, Hits@10 %.4f (best "
                    + "validation MRR %.4f at epoch %d)%n", runSeed, test.mrr(), test.hits1(), test.hits3(),
                    test.hits10(), fit.bestValue(), fit.bestEpoch());
            if (s == 0) {
                completion.save(folder.resolve("model.safetensors"));
            }
            hits[0] += test.hits1() / seeds;
            hits[1] += test.hits3() / seeds;
            hits[2] += test.hits10() / seeds;
            runs.add(new Run("seed " + runSeed, test.mrr(), fit, progress, "val_mrr"));
        }
        moreFigures.put("hits1", hits[0]);
        moreFigures.put("hits3", hits[1]);
        moreFigures.put("hits10", hits[2]);
        return runs;
    }

    private List<Run> nodeRuns(Path folder) throws IOException {
        var data = PlanetoidReader.read(dataset);
        Graph graph = Features.normalizeRows(data.graph());
        var split = new Splits.Split(data.trainIndex(), data.valIndex(), data.testIndex());
        return nodeRuns(folder, graph, s -> split, null);
    }

    /** OGB's split; features as the files give them (row normalisation is Planetoid's convention, not OGB's). */
    private List<Run> ogbNodeRuns(Path folder) throws IOException {
        var data = OgbNodeReader.read(dataset);
        var split = new Splits.Split(data.trainIndex(), data.valIndex(), data.testIndex());
        return nodeRuns(folder, data.graph(), s -> split, null);
    }

    /** Node classification on a node table: the split column's split, or a stratified one per seed. */
    private List<Run> tableNodeRuns(Path folder, TableDataset table) throws IOException {
        List<Splits.Split> splits = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            splits.add(table.split(0.8, 0.1, 0.1, seed + s));
        }
        return nodeRuns(folder, table.graph(), splits::get, table);
    }

    /**
     * Node classification, a run per seed on the split {@code splitOf} gives for the run's index; the first run's
     * model is saved, and with a table its predictions are written back keyed by the table's ids.
     */
    private List<Run> nodeRuns(Path folder, Graph graph, IntFunction<Splits.Split> splitOf, TableDataset table)
            throws IOException {
        if (Layers.needsSelfLoops(model)) {
            graph = graph.withSelfLoops();
        }
        requireClasses(nodeLabels(graph), all(splitOf.apply(0)), "nodes",
                c -> table != null ? table.classes().get(c) : Integer.toString(c));
        List<Run> runs = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            long runSeed = seed + s;
            Splits.Split split = splitOf.apply(s);
            NodeClassifier classifier = new NodeClassifier().layer(model).layers(layers).hidden(hidden).heads(heads)
                    .dropout(dropout).training(training()).seed(runSeed)
                    .scaleFeatures(!noScaleFeatures);
            Progress progress;
            if (fanouts != null) {
                classifier.fanouts(fanouts).batchSize(batchSize);
                progress = Progress.perBatch("seed " + runSeed, epochs,
                        (split.train().length + batchSize - 1) / batchSize);
            } else {
                progress = new Progress("seed " + runSeed, epochs);
            }
            Trainer.Result fit;
            try (progress) {
                fit = classifier.fit(graph, split.train(), split.validation(), progress);
            }
            double test = classifier.accuracy(graph, split.test());
            System.out.printf(Locale.ROOT, "seed %d: test accuracy %.4f (best validation %.4f at epoch %d)%n",
                    runSeed, test, fit.bestValue(), fit.bestEpoch());
            if (s == 0) {
                save(folder, classifier.model());
                if (table != null) {
                    TablePredictions.write(folder.resolve("predictions.csv"), table, classifier.logits(graph), split);
                }
            }
            runs.add(new Run("seed " + runSeed, test, fit, progress, "val_acc"));
        }
        return runs;
    }

    private List<Run> graphRuns(Path folder, GraphPredictor.Kind kind) throws IOException {
        var data = TuDatasetReader.read(dataset);
        List<Graph> graphs = data.graphs();
        boolean classification = kind == GraphPredictor.Kind.CLASSIFICATION;
        // stratify classification splits by class; regression splits are plain random ones
        int[] labels = classification ? GraphPredictor.labels(graphs) : new int[graphs.size()];
        if (classification) {
            requireClasses(labels, IntStream.range(0, labels.length).toArray(), "graphs",
                    c -> data.classLabels().get(c).toString());
        }
        List<int[][]> parts = new ArrayList<>(); // {train, validation, test}
        if (folds > 0) {
            for (Splits.Fold fold : Splits.stratifiedKFold(labels, folds, seed)) {
                int[][] trainVal = holdOut(fold.train(), 0.1, seed);
                parts.add(new int[][] {trainVal[0], trainVal[1], fold.test()});
            }
        } else {
            for (int s = 0; s < seeds; s++) {
                Splits.Split split = Splits.stratified(labels, 0.8, 0.1, 0.1, seed + s);
                parts.add(new int[][] {split.train(), split.validation(), split.test()});
            }
        }
        return graphRuns(folder, kind, graphs, parts, null);
    }

    /** Graph tasks on tables: folds or a split per seed of the labelled graphs, or the split column's split. */
    private List<Run> tableGraphRuns(Path folder, TableDataset table, GraphPredictor.Kind kind) throws IOException {
        if (folds > 0 && table.hasSplitColumn()) {
            throw new UserError("--folds and --split-column both say which graphs test; give one of them");
        }
        if (table.classification()) {
            requireClasses(table.labels(), table.labelled(), "graphs", table.classes()::get);
        }
        List<int[][]> parts = new ArrayList<>();
        if (folds > 0) {
            for (Splits.Fold fold : table.folds(folds, seed)) {
                int[][] trainVal = holdOut(fold.train(), 0.1, seed);
                parts.add(new int[][] {trainVal[0], trainVal[1], fold.test()});
            }
        } else {
            for (int s = 0; s < seeds; s++) {
                Splits.Split split = table.split(0.8, 0.1, 0.1, seed + s);
                parts.add(new int[][] {split.train(), split.validation(), split.test()});
            }
        }
        return graphRuns(folder, kind, table.graphs(), parts, table);
    }

    /**
     * Graph classification or regression, a run per part {train, validation, test}; the first run's model is saved,
     * and with a table its predictions are written back keyed by the table's graph ids.
     */
    private List<Run> graphRuns(Path folder, GraphPredictor.Kind kind, List<Graph> given, List<int[][]> parts,
            TableDataset table) throws IOException {
        List<Graph> graphs = Layers.needsSelfLoops(model) ? given.stream().map(Graph::withSelfLoops).toList() : given;
        boolean classification = kind == GraphPredictor.Kind.CLASSIFICATION;
        List<Run> runs = new ArrayList<>();
        String task = classification ? "graphClassification" : "graphRegression";
        for (int i = 0; i < parts.size(); i++) {
            String name = folds > 0 ? "fold " + (i + 1) : "seed " + (seed + i);
            GraphPredictor classifier = new GraphPredictor(kind).layer(model).layers(layers).hidden(hidden)
                    .heads(heads).dropout(dropout).training(training()).batchSize(batchSize).readout(readout)
                    .norm(norm).inputDropout(!noInputDropout).head(head).seed(folds > 0 ? seed : seed + i)
                    .scaleFeatures(!noScaleFeatures);
            Trainer.Result fit;
            Progress progress = new Progress(name, epochs);
            try (progress) {
                fit = classifier.fit(graphs, parts.get(i)[0], parts.get(i)[1], progress);
            }
            double test = classifier.score(graphs, parts.get(i)[2]);
            System.out.printf(Locale.ROOT, "%s: test %s %.4f (best validation %.4f at epoch %d)%n", name,
                    classification ? "accuracy" : "MAE", test, fit.bestValue(), fit.bestEpoch());
            if (i == 0) {
                save(folder, classifier.model());
                if (table != null) {
                    TablePredictions.write(folder.resolve("predictions.csv"), table,
                            classifier.predict(graphs, IntStream.range(0, graphs.size()).toArray()),
                            new Splits.Split(parts.get(i)[0], parts.get(i)[1], parts.get(i)[2]));
                }
            }
            runs.add(new Run(name, test, fit, progress, "val_" + (classification ? "acc" : "mae")));
        }
        return runs;
    }

    /**
     * Refuses classification when the items it would learn from and be scored on hold fewer than two classes: a
     * model that can only answer one class would report a perfect accuracy.
     */
    private static void requireClasses(int[] labels, int[] items, String kind, IntFunction<String> className) {
        var seen = new TreeSet<Integer>();
        for (int i : items) {
            if (labels[i] >= 0) {
                seen.add(labels[i]);
            }
        }
        if (seen.size() < 2) {
            throw new UserError("classification needs two or more classes, but all " + items.length + " labelled "
                    + kind + " have " + (seen.isEmpty() ? "no class" : "class '" + className.apply(seen.first())
                    + "'"));
        }
    }

    /** The class of each node from its target, -1 for unlabelled ones. */
    private static int[] nodeLabels(Graph graph) {
        int[] labels = new int[graph.numNodes()];
        for (int v = 0; v < labels.length; v++) {
            double t = graph.nodeTargets().getDouble(v);
            labels[v] = Double.isNaN(t) ? -1 : (int) t;
        }
        return labels;
    }

    private static int[] all(Splits.Split split) {
        return IntStream.concat(IntStream.concat(IntStream.of(split.train()), IntStream.of(split.validation())),
                IntStream.of(split.test())).toArray();
    }

    private List<Run> linkRuns(Path folder, DatasetFormat format) throws IOException {
        if (format == DatasetFormat.TRIPLES) {
            return knowledgeGraphRuns(folder);
        }
        Graph graph = switch (format) {
            case EDGE_LIST -> EdgeListReader.read(dataset).graph();
            case PLANETOID -> PlanetoidReader.read(dataset).graph();
            default -> throw new UserError("linkPrediction needs an edge list or a Planetoid folder");
        };
        List<Run> runs = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            long runSeed = seed + s;
            var predictor = new LinkPredictor().layer(model).layers(layers).hidden(hidden).heads(heads)
                    .dropout(dropout).training(training()).seed(runSeed)
                    .scaleFeatures(!noScaleFeatures);
            LinkPredictor.Fit fit;
            Progress progress = new Progress("seed " + runSeed, epochs);
            try (progress) {
                fit = predictor.fit(graph, progress);
            }
            System.out.printf(Locale.ROOT, "seed %d: test ROC-AUC %.4f, average precision %.4f (best validation "
                    + "%.4f at epoch %d)%n", runSeed, fit.testAuc(), fit.testAveragePrecision(),
                    fit.training().bestValue(), fit.training().bestEpoch());
            if (s == 0) {
                save(folder, predictor.model());
            }
            runs.add(new Run("seed " + runSeed, fit.testAuc(), fit.training(), progress, "val_auc"));
        }
        return runs;
    }

    /** Splits off a seeded random {@code fraction} of {@code items} for validation. */
    private static int[][] holdOut(int[] items, double fraction, long seed) {
        int[] shuffled = items.clone();
        Shuffle.inPlace(shuffled, new SplittableRandom(seed));
        int held = Math.max(1, (int) Math.round(items.length * fraction));
        int[] train = Arrays.copyOfRange(shuffled, held, shuffled.length);
        int[] validation = Arrays.copyOfRange(shuffled, 0, held);
        Arrays.sort(train);
        Arrays.sort(validation);
        return new int[][] {train, validation};
    }

    private static void save(Path folder, GnnModel trained) throws IOException {
        ModelFile.save(folder.resolve("model.safetensors"), trained, trained.config().toJson());
    }

    private void writeMetrics(Path file, String chosenTask, List<Run> runs, double mean, double std, double seconds)
            throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("dataset", dataset != null ? dataset.toString() : tables.nodes + " + " + tables.edges);
        json.addProperty("model", model);
        json.addProperty("task", chosenTask);
        json.addProperty("epochs", epochs);
        json.addProperty("mean_test_accuracy", mean);
        json.addProperty("std_test_accuracy", std);
        json.addProperty("seconds", seconds);
        JsonArray array = new JsonArray();
        for (Run r : runs) {
            JsonObject o = new JsonObject();
            o.addProperty("run", r.name());
            o.addProperty("test_accuracy", r.testAccuracy());
            o.addProperty("validation_accuracy", r.validationAccuracy());
            o.addProperty("best_epoch", r.bestEpoch());
            JsonArray loss = new JsonArray();
            r.loss().forEach(loss::add);
            JsonArray val = new JsonArray();
            r.validation().forEach(v -> val.add(Double.isNaN(v) ? null : v));
            o.add("loss", loss);
            o.add("validation_accuracy_per_epoch", val);
            array.add(o);
        }
        json.add("runs", array);
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json));
    }
}
