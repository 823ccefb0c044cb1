package org.erlangen.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.Layers;
import org.erlangen.gnn.models.ModelConfig;
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
import org.erlangen.io.PlanetoidReader;
import org.erlangen.io.TuDatasetReader;
import org.erlangen.train.LrSchedule;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingSettings;
import org.erlangen.train.TrainingWarning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains a model on a dataset folder, detecting its format: Planetoid (node classification on the standard split),
 * TUDataset (graph classification, on a stratified split or with k-fold cross-validation). Writes the model file, a
 * metrics JSON and a PNG of the training curves, and ends with a line of figures.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a graph neural network on a dataset folder (Planetoid or TUDataset format).")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, description = "Dataset folder (or edge-list file).")
    Path dataset;
    @Option(names = "--model", defaultValue = "gcn", description = "Layer type (default ${DEFAULT-VALUE}).")
    String model;
    @Option(names = "--task", description = "nodeClassification, graphClassification, graphRegression or "
            + "linkPrediction (default: from the format).")
    String task;
    @Option(names = "--epochs", defaultValue = "200")
    int epochs;
    @Option(names = "--hidden", defaultValue = "16")
    int hidden;
    @Option(names = "--layers", defaultValue = "2")
    int layers;
    @Option(names = "--heads", defaultValue = "1", description = "Attention heads, for layers that have them.")
    int heads;
    @Option(names = "--lr", defaultValue = "0.01")
    double lr;
    @Option(names = "--dropout", defaultValue = "0.5")
    double dropout;
    @Option(names = "--weight-decay", description = "Weight decay, added to the gradient as L2 (default 5e-4 for "
            + "nodeClassification, 0 otherwise).")
    Double weightDecay;
    @Option(names = "--weight-decay-on", defaultValue = "all", description = "Which parameters weight decay applies "
            + "to: all, or first-layer (Kipf and Welling's choice) (default ${DEFAULT-VALUE}).")
    String weightDecayOn;
    @Option(names = "--batch-size", defaultValue = "64", description = "Graphs per batch (graph tasks).")
    int batchSize;
    @Option(names = "--readout", defaultValue = "sum", description = "sum, mean or max (graph tasks).")
    String readout;
    @Option(names = "--norm", defaultValue = "none", description = "none or batch: normalisation inside GIN's MLP "
            + "(graph tasks).")
    String norm;
    @Option(names = "--no-input-dropout", description = "Apply dropout between layers only (graph tasks).")
    boolean noInputDropout;
    @Option(names = "--head", defaultValue = "mlp", description = "mlp or jk (graph tasks): two layers on the last "
            + "layer's readout, or Xu et al.'s GIN readout (a linear head on the readout of the input and of every "
            + "layer, summed; dropout only there) (default ${DEFAULT-VALUE}).")
    String head;
    @Option(names = "--lr-step", defaultValue = "0", description = "Multiply the learning rate by --lr-factor every "
            + "this many epochs (0: constant).")
    int lrStep;
    @Option(names = "--lr-factor", defaultValue = "0.5", description = "Learning-rate decay factor for --lr-step.")
    double lrFactor;
    @Option(names = "--patience", defaultValue = "100", description = "Stop once this many epochs have passed since the "
            + "best validation epoch; 0 never stops early (default ${DEFAULT-VALUE}).")
    int patience;
    @Option(names = "--tie-break", description = "Among epochs with the same validation metric, keep the one with the "
            + "lower validation loss (default: the earlier one).")
    boolean tieBreak;
    @Option(names = "--seed", defaultValue = "0")
    long seed;
    @Option(names = "--seeds", defaultValue = "1", description = "Repeat with seeds seed, seed+1, ... and report mean and std.")
    int seeds;
    @Option(names = "--folds", defaultValue = "0", description = "k-fold cross-validation (graph tasks).")
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
        if (!Files.exists(dataset)) {
            throw new UserError("no such dataset: " + dataset);
        }
        Layers.factory(model); // an unknown model is named before anything is read
        if (!ModelConfig.HEADS.contains(head)) {
            throw new UserError("--head must be mlp or jk, got '" + head + "'");
        }
        if (lrStep < 0 || !(lrFactor > 0 && lrFactor <= 1)) {
            throw new UserError("--lr-step must be >= 0 and --lr-factor in (0, 1], got " + lrStep + " and "
                    + lrFactor);
        }
        if (!weightDecayOn.equals("all") && !weightDecayOn.equals("first-layer")) {
            throw new UserError("--weight-decay-on must be all or first-layer, got '" + weightDecayOn + "'");
        }
        DatasetFormat format = DatasetFormat.detect(dataset);
        String chosen = task != null ? task : format == DatasetFormat.PLANETOID ? "nodeClassification"
                : format == DatasetFormat.TU_DATASET ? "graphClassification" : "linkPrediction";
        Path folder = out != null ? out : Path.of("runs", dataset.getFileName() + "-" + model);
        Files.createDirectories(folder);
        long start = System.nanoTime();
        List<Run> runs = switch (chosen) {
            case "nodeClassification" -> {
                requireFormat(format, DatasetFormat.PLANETOID, chosen);
                yield nodeRuns(folder);
            }
            case "graphClassification", "graphRegression" -> {
                requireFormat(format, DatasetFormat.TU_DATASET, chosen);
                yield graphRuns(folder, chosen.equals("graphClassification")
                        ? GraphPredictor.Kind.CLASSIFICATION : GraphPredictor.Kind.REGRESSION);
            }
            case "linkPrediction" -> linkRuns(folder, format);
            default -> throw new UserError("unknown task '" + chosen + "'; tasks: nodeClassification, "
                    + "graphClassification, graphRegression, linkPrediction");
        };
        metric = metricFor(chosen);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] accuracies = runs.stream().mapToDouble(Run::testAccuracy).toArray();
        double mean = Arrays.stream(accuracies).average().orElse(Double.NaN);
        double std = Math.sqrt(Arrays.stream(accuracies).map(a -> (a - mean) * (a - mean)).sum()
                / Math.max(1, accuracies.length - (accuracies.length > 1 ? 1 : 0)));
        writeMetrics(folder.resolve("metrics.json"), chosen, runs, mean, std, seconds);
        TrainingCurves.write(folder.resolve("curves.png"), dataset.getFileName() + " / " + model, "val_" + metric,
                runs.stream().map(r -> new TrainingCurves.Curve(r.name(), r.loss(), r.validation())).toList());
        System.out.println("wrote " + folder.resolve("model.safetensors") + ", " + folder.resolve("metrics.json")
                + ", " + folder.resolve("curves.png"));
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
        figures.put("epochs", epochs).put("seconds", seconds, 1);
        if (!warnings.isEmpty()) {
            figures.put("warning", String.join(",", warnings));
        }
        figures.print();
        return 0;
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
    private TrainingSettings training(String chosenTask) {
        boolean node = chosenTask.equals("nodeClassification");
        double decay = weightDecay != null ? weightDecay : node ? 5e-4 : 0.0;
        return TrainingSettings.builder().epochs(epochs).patience(patience).tieBreak(tieBreak)
                .schedule(lrStep > 0 ? LrSchedule.stepDecay(lr, lrStep, lrFactor) : LrSchedule.constant(lr))
                .weightDecay(decay, weightDecayOn.equals("first-layer") ? GnnModel.FIRST_LAYER
                        : TrainingSettings.ALL_PARAMETERS).build();
    }

    private List<Run> nodeRuns(Path folder) throws IOException {
        var data = PlanetoidReader.read(dataset);
        Graph graph = Features.normalizeRows(data.graph());
        if (Layers.needsSelfLoops(model)) {
            graph = graph.withSelfLoops();
        }
        List<Run> runs = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            long runSeed = seed + s;
            NodeClassifier classifier = new NodeClassifier().layer(model).layers(layers).hidden(hidden).heads(heads)
                    .dropout(dropout).training(training("nodeClassification")).seed(runSeed)
                    .scaleFeatures(!noScaleFeatures);
            Trainer.Result fit;
            Progress progress = new Progress("seed " + runSeed, epochs);
            try (progress) {
                fit = classifier.fit(graph, data.trainIndex(), data.valIndex(), progress);
            }
            double test = classifier.accuracy(graph, data.testIndex());
            System.out.printf(Locale.ROOT, "seed %d: test accuracy %.4f (best validation %.4f at epoch %d)%n",
                    runSeed, test, fit.bestValue(), fit.bestEpoch());
            if (s == 0) {
                save(folder, classifier.model());
            }
            runs.add(new Run("seed " + runSeed, test, fit, progress, "val_acc"));
        }
        return runs;
    }

    private List<Run> graphRuns(Path folder, GraphPredictor.Kind kind) throws IOException {
        var data = TuDatasetReader.read(dataset);
        List<Graph> graphs = Layers.needsSelfLoops(model)
                ? data.graphs().stream().map(Graph::withSelfLoops).toList() : data.graphs();
        boolean classification = kind == GraphPredictor.Kind.CLASSIFICATION;
        // stratify classification splits by class; regression splits are plain random ones
        int[] labels = classification ? GraphPredictor.labels(graphs) : new int[graphs.size()];
        List<Run> runs = new ArrayList<>();
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
        String task = classification ? "graphClassification" : "graphRegression";
        for (int i = 0; i < parts.size(); i++) {
            String name = folds > 0 ? "fold " + (i + 1) : "seed " + (seed + i);
            GraphPredictor classifier = new GraphPredictor(kind).layer(model).layers(layers).hidden(hidden)
                    .heads(heads).dropout(dropout).training(training(task)).batchSize(batchSize).readout(readout)
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
            }
            runs.add(new Run(name, test, fit, progress, "val_" + (classification ? "acc" : "mae")));
        }
        return runs;
    }

    private List<Run> linkRuns(Path folder, DatasetFormat format) throws IOException {
        Graph graph = switch (format) {
            case EDGE_LIST -> EdgeListReader.read(dataset).graph();
            case PLANETOID -> PlanetoidReader.read(dataset).graph();
            default -> throw new UserError("linkPrediction needs an edge list or a Planetoid folder");
        };
        List<Run> runs = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            long runSeed = seed + s;
            var predictor = new LinkPredictor().layer(model).layers(layers).hidden(hidden).heads(heads)
                    .dropout(dropout).training(training("linkPrediction")).seed(runSeed)
                    .scaleFeatures(!noScaleFeatures);
            LinkPredictor.Fit fit;
            Progress progress = new Progress("seed " + runSeed, epochs);
            try (progress) {
                fit = predictor.fit(graph, progress);
            }
            System.out.printf(Locale.ROOT, "seed %d: test ROC-AUC %.4f (best validation %.4f at epoch %d)%n",
                    runSeed, fit.testAuc(), fit.training().bestValue(), fit.training().bestEpoch());
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
        json.addProperty("dataset", dataset.toString());
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
