package org.erlangen.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.erlangen.examples.GcnMeshBaseline;
import org.erlangen.examples.ShapeDataset;
import org.erlangen.gauge.MeshClassifier;
import org.erlangen.kernels.Concurrency;
import org.erlangen.mesh.MeshGraphs;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.io.MeshDataset;
import org.erlangen.train.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Mesh classification: trains a GEM-CNN (gauge-equivariant, on pose-invariant vertex features) and an isotropic GCN
 * baseline (on raw xyz) on the same training meshes, and tests both on the test meshes as given and randomly
 * rotated. The meshes are a folder or table of labelled files ({@code --dataset}, {@link MeshDataset}) or, without
 * it, generated shapes. Writes the GEM model file and a PNG of both training curves, and ends with a line of
 * figures.
 */
@Command(name = "mesh-classify", mixinStandardHelpOptions = true,
        description = "Train and test a GEM-CNN mesh classifier and a GCN baseline on labelled mesh files or "
                + "generated shapes (plain and randomly rotated test meshes).")
public final class MeshClassifyCommand implements Callable<Integer> {
    @Option(names = "--dataset", description = "A folder of class subfolders (each with mesh files, or with train/ "
            + "and test/ inside) or a table (path, label or class, split). Without it: generated shapes.")
    Path dataset;
    @Option(names = "--split", description = "A table of path and split (train/val/test) replacing the dataset's "
            + "split; meshes it does not list are left out.")
    Path split;
    @Option(names = "--on-error", defaultValue = "fail", description = "skip (report each unreadable mesh file and "
            + "go on) or fail (stop at the first) (default ${DEFAULT-VALUE}).")
    String onError;
    @Option(names = "--features", description = "GEM vertex features: heat-kernel (the heat kernel signature at 16 "
            + "times; default with --dataset) or invariant (area and curvatures; default on generated shapes).")
    String features;
    @Option(names = "--classes", defaultValue = "8", description = "Generated shape classes, 2 to 8 (default "
            + "${DEFAULT-VALUE}).")
    int classes;
    @Option(names = "--train-per-class", defaultValue = "40", description = "Training meshes per class.")
    int trainPerClass;
    @Option(names = "--val-per-class", defaultValue = "8", description = "Validation meshes per class.")
    int valPerClass;
    @Option(names = "--test-per-class", defaultValue = "50", description = "Test meshes per class.")
    int testPerClass;
    @Option(names = "--epochs", description = "Epochs of both models (default: 60 with --dataset, 20 on generated "
            + "shapes).")
    Integer epochs;
    @Option(names = "--channels", defaultValue = "8", description = "Copies of every order in the GEM features.")
    int channels;
    @Option(names = "--max-order", defaultValue = "2", description = "Highest SO(2) order of the GEM features.")
    int maxOrder;
    @Option(names = "--lr", defaultValue = "0.005", description = "GEM learning rate (cosine decay).")
    double lr;
    @Option(names = "--weight-decay", description = "GEM L2 weight decay (default: 5e-4 with --dataset, 0 on "
            + "generated shapes).")
    Double weightDecay;
    @Option(names = "--label-smoothing", description = "GEM label smoothing, in [0, 1) (default: 0.2 with --dataset, "
            + "0 on generated shapes).")
    Double labelSmoothing;
    @Option(names = "--augment", description = "Randomly stretched copies of every training mesh for GEM (default: "
            + "4 with --dataset, 0 on generated shapes).")
    Integer augment;
    @Option(names = "--stretch", defaultValue = "0.2", description = "Largest stretch of an augmented copy along "
            + "each of three random axes (default ${DEFAULT-VALUE}).")
    double stretch;
    @Option(names = "--batch-size", defaultValue = "16", description = "Meshes per batch.")
    int batchSize;
    @Option(names = "--baseline-hidden", defaultValue = "64", description = "Width of the GCN baseline.")
    int baselineHidden;
    @Option(names = "--baseline-layers", defaultValue = "3", description = "GCN layers of the baseline.")
    int baselineLayers;
    @Option(names = "--baseline-lr", defaultValue = "0.01")
    double baselineLr;
    @Option(names = "--threads", description = "Threads for the sparse kernels (default: all processors).")
    Integer threads;
    @Option(names = "--seed", defaultValue = "0")
    long seed;
    @Option(names = "--seeds", defaultValue = "1", description = "Runs with seeds seed, seed + 1, ...; the figures "
            + "are their means, with the GEM-CNN's standard deviations (default ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--out", defaultValue = "runs/mesh-classify", description = "Output folder.")
    Path out;

    /** The figures line, printed once the outputs are in place. */
    private Figures figures;

    /** Training, validation and test meshes with their labels, and what they are. */
    private record Data(String title, List<TriangleMesh> train, int[] trainLabels, List<TriangleMesh> val,
            int[] valLabels, List<TriangleMesh> test, int[] testLabels, List<String> classNames) {
        int classes() {
            return classNames.size();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (dataset == null && split != null) {
            throw new UserError("--split needs --dataset");
        }
        if (!onError.equals("skip") && !onError.equals("fail")) {
            throw new UserError("--on-error must be skip or fail, got '" + onError + "'");
        }
        MeshGraphs.NodeFeatures nodeFeatures = features == null ? dataset == null
                ? MeshGraphs.NodeFeatures.INVARIANT : MeshGraphs.NodeFeatures.HEAT_KERNEL : switch (features) {
                    case "invariant" -> MeshGraphs.NodeFeatures.INVARIANT;
                    case "heat-kernel" -> MeshGraphs.NodeFeatures.HEAT_KERNEL;
                    default -> throw new UserError("--features must be heat-kernel or invariant, got '" + features
                            + "'");
                };
        // the recipe for real meshes: few per class, so regularised and augmented (see the README)
        boolean files = dataset != null;
        epochs = epochs != null ? epochs : files ? 60 : 20;
        weightDecay = weightDecay != null ? weightDecay : files ? 5e-4 : 0;
        labelSmoothing = labelSmoothing != null ? labelSmoothing : files ? 0.2 : 0;
        augment = augment != null ? augment : files ? 4 : 0;
        if (classes < 2 || classes > ShapeDataset.CLASSES.size()) {
            throw new UserError("--classes must be between 2 and " + ShapeDataset.CLASSES.size() + ", got " + classes);
        }
        OptionChecks.atLeast("--train-per-class", trainPerClass, 1);
        OptionChecks.atLeast("--val-per-class", valPerClass, 1);
        OptionChecks.atLeast("--test-per-class", testPerClass, 1);
        OptionChecks.atLeast("--epochs", epochs, 1);
        OptionChecks.atLeast("--channels", channels, 1);
        OptionChecks.atLeast("--max-order", maxOrder, 0);
        OptionChecks.atLeast("--batch-size", batchSize, 1);
        OptionChecks.atLeast("--baseline-hidden", baselineHidden, 1);
        OptionChecks.atLeast("--baseline-layers", baselineLayers, 1);
        OptionChecks.positive("--lr", lr);
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new UserError("--label-smoothing must be in [0, 1), got " + labelSmoothing);
        }
        OptionChecks.atLeast("--augment", augment, 0);
        OptionChecks.atLeast("--seeds", seeds, 1);
        if (!(stretch >= 0 && stretch < 1)) {
            throw new UserError("--stretch must be in [0, 1), got " + stretch);
        }
        if (!(weightDecay >= 0)) {
            throw new UserError("--weight-decay must be >= 0, got " + weightDecay);
        }
        OptionChecks.positive("--baseline-lr", baselineLr);
        if (threads != null) {
            OptionChecks.atLeast("--threads", threads, 1);
            Concurrency.setDefault(threads);
        }
        try (OutputFolder output = OutputFolder.create(out)) {
            run(output.path(), dataset == null ? generated() : read(), nodeFeatures);
            output.commit();
        }
        System.out.println("wrote " + out.resolve("model.safetensors") + ", " + out.resolve("curves.png"));
        figures.print();
        return 0;
    }

    private Data generated() {
        List<ShapeDataset.Sample> train = ShapeDataset.generate(classes, trainPerClass, seed);
        List<ShapeDataset.Sample> val = ShapeDataset.generate(classes, valPerClass, seed + 1);
        List<ShapeDataset.Sample> test = ShapeDataset.generate(classes, testPerClass, seed + 2);
        return new Data(classes + " generated shape classes (" + String.join(", ", ShapeDataset.CLASSES.subList(0,
                classes)) + ")", meshes(train), labels(train), meshes(val), labels(val), meshes(test), labels(test),
                ShapeDataset.CLASSES.subList(0, classes));
    }

    private Data read() throws IOException {
        MeshDataset data = MeshDataset.read(dataset, onError.equals("skip") ? MeshDataset.OnError.SKIP
                : MeshDataset.OnError.FAIL);
        for (MeshDataset.Problem p : data.problems()) {
            System.out.println("skipped " + p.message());
        }
        if (split != null) {
            data = data.withSplits(split);
        }
        List<MeshDataset.Entry> train = data.entries(MeshDataset.Split.TRAIN);
        List<MeshDataset.Entry> val = data.entries(MeshDataset.Split.VALIDATION);
        List<MeshDataset.Entry> test = data.entries(MeshDataset.Split.TEST);
        if (train.isEmpty() || test.isEmpty()) {
            throw new UserError(dataset + " has " + train.size() + " training and " + test.size() + " test meshes; "
                    + "both are needed: give train/ and test/ subfolders, a split column, or --split FILE");
        }
        return new Data(data.classes().size() + " classes from " + dataset.getFileName(), MeshDataset.meshes(train),
                MeshDataset.labels(train), MeshDataset.meshes(val), MeshDataset.labels(val),
                MeshDataset.meshes(test), MeshDataset.labels(test), data.classes());
    }

    /** Test accuracies of one seed: GEM-CNN and the GCN baseline, on the test meshes as given and rotated. */
    private record Result(double gem, double gemRotated, double gcn, double gcnRotated) {
    }

    private void run(Path folder, Data data, MeshGraphs.NodeFeatures nodeFeatures) throws Exception {
        long start = System.nanoTime();
        int vertices = data.train().stream().mapToInt(TriangleMesh::vertexCount).sum();
        System.out.printf(Locale.ROOT, "%s; %d training, %d validation, %d test meshes; %.0f vertices per training "
                + "mesh on average%n", data.title(), data.train().size(), data.val().size(), data.test().size(),
                (double) vertices / data.train().size());
        System.out.printf(Locale.ROOT, "GEM features %s; %d epochs, %d stretched copies per training mesh (up to "
                + "%.2f), label smoothing %.2f, weight decay %.1e%n", nodeFeatures.name().toLowerCase(Locale.ROOT),
                epochs, augment, stretch, labelSmoothing, weightDecay);
        List<Result> results = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            results.add(runSeed(seed + s, s == 0 ? folder : null, data, nodeFeatures));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        figures = new Figures().put("test_accuracy", mean(results, Result::gem), 4)
                .put("rotated_test_accuracy", mean(results, Result::gemRotated), 4)
                .put("baseline_test_accuracy", mean(results, Result::gcn), 4)
                .put("baseline_rotated_test_accuracy", mean(results, Result::gcnRotated), 4);
        if (seeds > 1) {
            figures.put("test_accuracy_std", std(results, Result::gem), 4)
                    .put("rotated_test_accuracy_std", std(results, Result::gemRotated), 4);
        }
        figures.put("seconds", seconds, 1);
    }

    /** Trains and tests both models with one seed; the first seed's model and curves go to the output folder. */
    private Result runSeed(long runSeed, Path folder, Data data, MeshGraphs.NodeFeatures nodeFeatures)
            throws Exception {
        List<TriangleMesh> rotatedTest = new ArrayList<>();
        SplittableRandom rotations = new SplittableRandom(runSeed + 3);
        for (TriangleMesh mesh : data.test()) {
            rotatedTest.add(ShapeDataset.rotated(mesh, rotations.nextLong()));
        }
        String suffix = seeds > 1 ? " (seed " + runSeed + ")" : "";
        MeshClassifier gem;
        Progress gemProgress = new Progress("GEM-CNN" + suffix, epochs);
        try (gemProgress) {
            gem = MeshClassifier.builder().channels(channels).maxOrder(maxOrder).epochs(epochs).batchSize(batchSize)
                    .learningRate(lr).weightDecay(weightDecay).labelSmoothing(labelSmoothing)
                    .augment(augment, stretch).features(nodeFeatures).seed(runSeed)
                    .train(data.train(), data.trainLabels(), data.val(), data.valLabels(), gemProgress);
        }
        int[] predicted = gem.classify(data.test());
        double gemTest = accuracy(predicted, data.testLabels());
        double gemRotated = gem.accuracy(rotatedTest, data.testLabels());
        System.out.printf(Locale.ROOT, "GEM-CNN%s (%d parameters, kept epoch %d%s): test accuracy %.4f, rotated "
                + "%.4f%n", suffix, gem.model().parameterCount(), gem.bestEpoch(), data.val().isEmpty() ? ", the last"
                : ", the best on validation", gemTest, gemRotated);
        printMistakes(predicted, data);

        GcnMeshBaseline gcn;
        Progress gcnProgress = new Progress("GCN baseline" + suffix, epochs);
        try (gcnProgress) {
            gcn = GcnMeshBaseline.train(data.train(), data.trainLabels(), data.val(), data.valLabels(), data.classes(),
                    baselineLayers, baselineHidden, TrainingSettings.builder().epochs(epochs).learningRate(baselineLr)
                            .build(), batchSize, runSeed, gcnProgress);
        }
        double gcnTest = gcn.accuracy(data.test(), data.testLabels());
        double gcnRotated = gcn.accuracy(rotatedTest, data.testLabels());
        System.out.printf(Locale.ROOT, "GCN baseline%s: test accuracy %.4f, rotated %.4f%n", suffix, gcnTest,
                gcnRotated);
        if (folder != null) {
            gem.save(folder.resolve("model.safetensors"));
            TrainingCurves.write(folder.resolve("curves.png"), "mesh classification, " + data.title(),
                    "val_accuracy", List.of(new TrainingCurves.Curve("GEM-CNN", gemProgress.losses(),
                            gemProgress.metric("val_acc")), new TrainingCurves.Curve("GCN", gcnProgress.losses(),
                            gcnProgress.metric("val_acc"))));
        }
        return new Result(gemTest, gemRotated, gcnTest, gcnRotated);
    }

    private static double mean(List<Result> results, ToDoubleFunction<Result> figure) {
        return results.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n - 1), 0 for one seed. */
    private static double std(List<Result> results, ToDoubleFunction<Result> figure) {
        double mean = mean(results, figure);
        double sq = results.stream().mapToDouble(r -> Math.pow(figure.applyAsDouble(r) - mean, 2)).sum();
        return results.size() < 2 ? 0 : Math.sqrt(sq / (results.size() - 1));
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    /** The test meshes taken for another class, most frequent confusions first (up to ten kinds). */
    private static void printMistakes(int[] predicted, Data data) {
        Map<String, Integer> mistakes = new HashMap<>();
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] != data.testLabels()[i]) {
                mistakes.merge(data.classNames().get(data.testLabels()[i]) + " as " + data.classNames()
                        .get(predicted[i]), 1, Integer::sum);
            }
        }
        if (!mistakes.isEmpty()) {
            System.out.println("GEM-CNN mistakes: " + mistakes.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry
                            .comparingByKey())).limit(10).map(e -> e.getKey() + (e.getValue() > 1 ? " x"
                            + e.getValue() : "")).collect(Collectors.joining(", ")));
        }
    }

    private static List<TriangleMesh> meshes(List<ShapeDataset.Sample> samples) {
        return samples.stream().map(ShapeDataset.Sample::mesh).toList();
    }

    private static int[] labels(List<ShapeDataset.Sample> samples) {
        return samples.stream().mapToInt(ShapeDataset.Sample::label).toArray();
    }
}
