package org.erlangen.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.erlangen.examples.GcnMeshBaseline;
import org.erlangen.examples.ShapeDataset;
import org.erlangen.gauge.MeshClassifier;
import org.erlangen.kernels.Concurrency;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.train.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Mesh classification on a generated dataset of shapes: trains a GEM-CNN (gauge-equivariant, on rotation-invariant
 * curvature features) and an isotropic GCN baseline (on raw xyz) on the same axis-aligned training meshes, and tests
 * both on new meshes as generated and randomly rotated. Writes the GEM model file and a PNG of both training curves,
 * and ends with a line of figures.
 */
@Command(name = "mesh-classify", mixinStandardHelpOptions = true,
        description = "Train and test a GEM-CNN mesh classifier and a GCN baseline on generated shapes "
                + "(plain and randomly rotated test meshes).")
public final class MeshClassifyCommand implements Callable<Integer> {
    @Option(names = "--classes", defaultValue = "8", description = "Shape classes, 2 to 8 (default ${DEFAULT-VALUE}).")
    int classes;
    @Option(names = "--train-per-class", defaultValue = "40", description = "Training meshes per class.")
    int trainPerClass;
    @Option(names = "--val-per-class", defaultValue = "8", description = "Validation meshes per class.")
    int valPerClass;
    @Option(names = "--test-per-class", defaultValue = "50", description = "Test meshes per class.")
    int testPerClass;
    @Option(names = "--epochs", defaultValue = "20")
    int epochs;
    @Option(names = "--channels", defaultValue = "8", description = "Copies of every order in the GEM features.")
    int channels;
    @Option(names = "--max-order", defaultValue = "2", description = "Highest SO(2) order of the GEM features.")
    int maxOrder;
    @Option(names = "--lr", defaultValue = "0.005", description = "GEM learning rate (cosine decay).")
    double lr;
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
    @Option(names = "--out", defaultValue = "runs/mesh-classify", description = "Output folder.")
    Path out;

    /** The figures line, printed once the outputs are in place. */
    private Figures figures;

    @Override
    public Integer call() throws Exception {
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
        OptionChecks.positive("--baseline-lr", baselineLr);
        if (threads != null) {
            OptionChecks.atLeast("--threads", threads, 1);
            Concurrency.setDefault(threads);
        }
        try (OutputFolder output = OutputFolder.create(out)) {
            run(output.path());
            output.commit();
        }
        System.out.println("wrote " + out.resolve("model.safetensors") + ", " + out.resolve("curves.png"));
        figures.print();
        return 0;
    }

    private void run(Path folder) throws Exception {
        long start = System.nanoTime();
        List<ShapeDataset.Sample> train = ShapeDataset.generate(classes, trainPerClass, seed);
        List<ShapeDataset.Sample> val = ShapeDataset.generate(classes, valPerClass, seed + 1);
        List<ShapeDataset.Sample> test = ShapeDataset.generate(classes, testPerClass, seed + 2);
        List<TriangleMesh> rotatedTest = new ArrayList<>();
        SplittableRandom rotations = new SplittableRandom(seed + 3);
        for (ShapeDataset.Sample s : test) {
            rotatedTest.add(ShapeDataset.rotated(s.mesh(), rotations.nextLong()));
        }
        int vertices = train.stream().mapToInt(s -> s.mesh().vertexCount()).sum();
        System.out.printf(Locale.ROOT, "%d classes (%s); %d training, %d validation, %d test meshes; %.0f vertices "
                + "per training mesh on average%n", classes, String.join(", ", ShapeDataset.CLASSES.subList(0,
                classes)), train.size(), val.size(), test.size(), (double) vertices / train.size());

        MeshClassifier gem;
        Progress gemProgress = new Progress("GEM-CNN", epochs);
        try (gemProgress) {
            gem = MeshClassifier.builder().channels(channels).maxOrder(maxOrder).epochs(epochs).batchSize(batchSize)
                    .learningRate(lr).seed(seed)
                    .train(meshes(train), labels(train), meshes(val), labels(val), gemProgress);
        }
        double gemTest = gem.accuracy(meshes(test), labels(test));
        double gemRotated = gem.accuracy(rotatedTest, labels(test));
        gem.save(folder.resolve("model.safetensors"));
        System.out.printf(Locale.ROOT, "GEM-CNN (%d parameters, best validation epoch %d): test accuracy %.4f, "
                + "rotated %.4f%n", gem.model().parameterCount(), gem.bestEpoch(), gemTest, gemRotated);

        GcnMeshBaseline gcn;
        Progress gcnProgress = new Progress("GCN baseline", epochs);
        try (gcnProgress) {
            gcn = GcnMeshBaseline.train(meshes(train), labels(train), meshes(val), labels(val), classes,
                    baselineLayers, baselineHidden, TrainingSettings.builder().epochs(epochs).learningRate(baselineLr)
                            .build(), batchSize, seed, gcnProgress);
        }
        double gcnTest = gcn.accuracy(meshes(test), labels(test));
        double gcnRotated = gcn.accuracy(rotatedTest, labels(test));
        System.out.printf(Locale.ROOT, "GCN baseline: test accuracy %.4f, rotated %.4f%n", gcnTest, gcnRotated);

        TrainingCurves.write(folder.resolve("curves.png"), "mesh classification, " + classes + " shape classes",
                "val_accuracy", List.of(new TrainingCurves.Curve("GEM-CNN", gemProgress.losses(),
                        gemProgress.metric("val_acc")), new TrainingCurves.Curve("GCN", gcnProgress.losses(),
                        gcnProgress.metric("val_acc"))));
        double seconds = (System.nanoTime() - start) / 1e9;
        figures = new Figures().put("test_accuracy", gemTest, 4).put("rotated_test_accuracy", gemRotated, 4)
                .put("baseline_test_accuracy", gcnTest, 4).put("baseline_rotated_test_accuracy", gcnRotated, 4)
                .put("seconds", seconds, 1);
    }

    private static List<TriangleMesh> meshes(List<ShapeDataset.Sample> samples) {
        return samples.stream().map(ShapeDataset.Sample::mesh).toList();
    }

    private static int[] labels(List<ShapeDataset.Sample> samples) {
        return samples.stream().mapToInt(ShapeDataset.Sample::label).toArray();
    }
}
