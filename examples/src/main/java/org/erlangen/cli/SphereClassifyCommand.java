package org.erlangen.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.erlangen.gauge.grid.GridClassifier;
import org.erlangen.gauge.grid.GridCnnConfig;
import org.erlangen.gauge.sphere.SphereClassifier;
import org.erlangen.gauge.sphere.SphereProjection;
import org.erlangen.gauge.sphere.UniformRotations;
import org.erlangen.graph.Shuffle;
import org.erlangen.io.ImageFolder;
import org.erlangen.kernels.Concurrency;
import org.erlangen.mesh.sphere.Rotation3;
import org.erlangen.train.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Spherical MNIST, Cohen et al.'s (2018) protocols: the bundled digits projected onto the sphere (see
 * {@link SphereProjection}), a rotation-invariant spherical CNN trained on upright digits and tested on digits each
 * turned by its own uniformly random rotation (NR/R), and trained and tested on rotated digits (R/R); and, in the same
 * run, a plain planar CNN on the same signals read as 2B x 2B images (rings by longitudes), trained NR and tested R.
 * Writes a PNG of the curves and ends with a line of figures.
 */
@Command(name = "sphere-classify", mixinStandardHelpOptions = true,
        description = "Spherical MNIST: a spherical CNN trained on upright (NR) or rotated (R) digits on the sphere, "
                + "tested on rotated ones, beside a planar CNN trained NR.")
public final class SphereClassifyCommand implements Callable<Integer> {
    private static final int SIZE = 28;

    @Option(names = "--bandwidth", defaultValue = "12", description = "Bandwidth B of the sphere's grid, 2B x 2B "
            + "points (default ${DEFAULT-VALUE}).")
    int bandwidth;
    @Option(names = "--channels", defaultValue = "32", description = "Hidden channels of the spherical CNN (default "
            + "${DEFAULT-VALUE}).")
    int channels;
    @Option(names = "--epochs", defaultValue = "20", description = "Epochs of each network (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "64", description = "Signals per batch (default ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--lr", defaultValue = "0.003", description = "Adam's learning rate (default ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--train-size", description = "Use only this many training digits (default: all 8,000).")
    Integer trainSize;
    @Option(names = "--test-size", description = "Use only this many test digits (default: all 2,000).")
    Integer testSize;
    @Option(names = "--seed", defaultValue = "0")
    long seed;
    @Option(names = "--threads", description = "Threads of the kernels (default: the cores).")
    Integer threads;
    @Option(names = "--out", defaultValue = "erlangen-sphere", description = "Output folder (default "
            + "${DEFAULT-VALUE}).")
    Path out;

    private Figures figures;

    /** Signals as a network takes them, with their labels. */
    private record Signals(INDArray data, int[] labels) {
        int count() {
            return labels.length;
        }
    }

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--bandwidth", bandwidth, 2);
        if (bandwidth > 32) {
            throw new UserError("--bandwidth must be at most 32 (dense transforms), got " + bandwidth);
        }
        OptionChecks.atLeast("--channels", channels, 1);
        OptionChecks.atLeast("--epochs", epochs, 1);
        OptionChecks.atLeast("--batch-size", batchSize, 1);
        OptionChecks.positive("--lr", lr);
        if (trainSize != null) {
            OptionChecks.atLeast("--train-size", trainSize, 10);
        }
        if (testSize != null) {
            OptionChecks.atLeast("--test-size", testSize, 1);
        }
        if (threads != null) {
            OptionChecks.atLeast("--threads", threads, 1);
            Concurrency.setDefault(threads);
        }
        ImageFolder.Contents contents = GridClassifyCommand.bundled();
        try (OutputFolder output = OutputFolder.create(out)) {
            run(output.path(), contents);
            output.commit();
        }
        System.out.println("wrote " + out.resolve("curves.png"));
        figures.print();
        return 0;
    }

    private void run(Path folder, ImageFolder.Contents contents) throws IOException {
        long start = System.nanoTime();
        // the bundled digits are one file pair: split 80/20 with the seed, as grid-classify does
        List<float[]> trainImages = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<float[]> testImages = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        int[] order = IntStream.range(0, contents.train().count()).toArray();
        Shuffle.inPlace(order, new SplittableRandom(seed));
        int tests = contents.train().count() / 5;
        GridClassifyCommand.add(contents.train(), Arrays.copyOfRange(order, tests, order.length), trainImages,
                trainLabels);
        GridClassifyCommand.add(contents.train(), Arrays.copyOfRange(order, 0, tests), testImages, testLabels);
        if (trainSize != null && trainSize < trainImages.size()) {
            trainImages = trainImages.subList(0, trainSize);
            trainLabels = trainLabels.subList(0, trainSize);
        }
        if (testSize != null && testSize < testImages.size()) {
            testImages = testImages.subList(0, testSize);
            testLabels = testLabels.subList(0, testSize);
        }
        // a tenth of the training digits validate: the epoch kept is the best on them
        int validation = Math.max(1, trainImages.size() / 10);
        List<float[]> valImages = trainImages.subList(0, validation);
        List<Integer> valLabels = trainLabels.subList(0, validation);
        List<float[]> fitImages = trainImages.subList(validation, trainImages.size());
        List<Integer> fitLabels = trainLabels.subList(validation, trainLabels.size());
        int classes = 10;
        System.out.printf(Locale.ROOT, "bundled digits on the sphere, bandwidth %d (%dx%d grid): %d training, %d "
                + "validation, %d test digits; %d epochs, batches of %d, Adam %.4g%n", bandwidth, 2 * bandwidth,
                2 * bandwidth, fitImages.size(), valImages.size(), testImages.size(), epochs, batchSize, lr);

        var projection = new SphereProjection(bandwidth, SIZE);
        // every rotated digit gets its own uniformly random rotation, one seeded stream for all of them
        SplittableRandom rotations = new SplittableRandom(seed + 1);
        List<float[]> uprightFit = projected(projection, fitImages, null);
        List<float[]> uprightVal = projected(projection, valImages, null);
        List<float[]> rotatedFit = projected(projection, fitImages, rotations);
        List<float[]> rotatedVal = projected(projection, valImages, rotations);
        List<float[]> rotatedTest = projected(projection, testImages, rotations);
        List<float[]> uprightTest = projected(projection, testImages, null);
        List<TrainingCurves.Curve> curves = new ArrayList<>();

        SphereClassifier nr = sphere("S2CNN, NR", signals(uprightFit, fitLabels), signals(uprightVal, valLabels),
                curves);
        double nrUpright = nr.accuracy(signals(uprightTest, testLabels).data(), labels(testLabels));
        double nrRotated = nr.accuracy(signals(rotatedTest, testLabels).data(), labels(testLabels));
        System.out.printf(Locale.ROOT, "S2CNN, NR (%d parameters): test accuracy %.4f upright (NR/NR), %.4f rotated "
                + "(NR/R)%n", nr.model().parameterCount(), nrUpright, nrRotated);
        SphereClassifier rr = sphere("S2CNN, R", signals(rotatedFit, fitLabels), signals(rotatedVal, valLabels),
                curves);
        double rrRotated = rr.accuracy(signals(rotatedTest, testLabels).data(), labels(testLabels));
        System.out.printf(Locale.ROOT, "S2CNN, R: test accuracy %.4f rotated (R/R)%n", rrRotated);

        GridCnnConfig planarConfig = planar(2 * bandwidth, classes);
        var planar = new GridClassifier(planarConfig, batchSize, TrainingSettings.builder().epochs(epochs)
                .learningRate(lr).build(), seed);
        Signals planarFit = images(uprightFit, fitLabels);
        Signals planarVal = images(uprightVal, valLabels);
        Progress progress = Progress.perBatch("planar CNN, NR", epochs, (planarFit.count() + batchSize - 1)
                / batchSize);
        try (progress) {
            planar.fit(planarFit.data(), planarFit.labels(), planarVal.data(), planarVal.labels(), progress);
        }
        curves.add(new TrainingCurves.Curve("planar CNN, NR", progress.losses(), progress.metric("val_accuracy")));
        double planarUpright = planar.accuracy(images(uprightTest, testLabels).data(), labels(testLabels));
        double planarRotated = planar.accuracy(images(rotatedTest, testLabels).data(), labels(testLabels));
        System.out.printf(Locale.ROOT, "planar CNN, NR (%d parameters, %d layers): test accuracy %.4f upright "
                + "(NR/NR), %.4f rotated (NR/R)%n", planar.model().parameterCount(), planarConfig.layers(),
                planarUpright, planarRotated);

        TrainingCurves.write(folder.resolve("curves.png"), "spherical digits", "val_accuracy", curves);
        double seconds = (System.nanoTime() - start) / 1e9;
        figures = new Figures().put("s2cnn_nr_r_accuracy", nrRotated, 4).put("s2cnn_r_r_accuracy", rrRotated, 4)
                .put("planar_nr_r_accuracy", planarRotated, 4).put("seconds", seconds, 1);
    }

    private SphereClassifier sphere(String name, Signals fit, Signals val, List<TrainingCurves.Curve> curves) {
        var classifier = new SphereClassifier(bandwidth, channels, batchSize, TrainingSettings.builder()
                .epochs(epochs).learningRate(lr).build(), seed);
        Progress progress = Progress.perBatch(name, epochs, (fit.count() + batchSize - 1) / batchSize);
        try (progress) {
            classifier.fit(fit.data(), fit.labels(), 10, val.data(), val.labels(), progress);
        }
        curves.add(new TrainingCurves.Curve(name, progress.losses(), progress.metric("val_accuracy")));
        return classifier;
    }

    /**
     * Z2CNN's recipe (valid 3x3 convolutions of 20 channels, a 2x2 pool after the second, batch norm, ReLU,
     * dropout 0.3) cut to the smaller image: as few layers as bring it to at most 4x4, then one kernel that size.
     */
    static GridCnnConfig planar(int side, int classes) {
        for (int layers = 3; ; layers++) {
            int s = side;
            for (int l = 0; l < layers - 1; l++) {
                s -= 2;
                if (l == 1) {
                    s /= 2;
                }
            }
            if (s < 1) {
                throw new UserError("a " + side + "x" + side + " grid image is too small for the planar CNN");
            }
            if (s <= 4) {
                return new GridCnnConfig("Z2", 1, classes, 20, layers, s, 0.3, side);
            }
        }
    }

    private static List<float[]> projected(SphereProjection projection, List<float[]> images,
            SplittableRandom rotations) {
        List<float[]> out = new ArrayList<>(images.size());
        for (float[] image : images) {
            Rotation3 r = rotations == null ? Rotation3.identity() : UniformRotations.draw(rotations);
            out.add(projection.project(image, r));
        }
        return out;
    }

    private static int[] labels(List<Integer> labels) {
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Signals signals(List<float[]> signals, List<Integer> labels) {
        return new Signals(SphereClassifier.tensor(signals, DataType.FLOAT), labels(labels));
    }

    /** The grid signals as 2B x 2B images, rings as rows and longitudes as columns. */
    private Signals images(List<float[]> signals, List<Integer> labels) {
        return new Signals(GridClassifier.tensor(signals, 2 * bandwidth, DataType.FLOAT), labels(labels));
    }
}
