package org.erlangen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.erlangen.gauge.grid.GridClassifier;
import org.erlangen.gauge.grid.GridCnnConfig;
import org.erlangen.gauge.grid.ImageRotation;
import org.erlangen.graph.Shuffle;
import org.erlangen.io.IdxReader;
import org.erlangen.io.ImageFolder;
import org.erlangen.kernels.Concurrency;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Rotated digits, Cohen and Welling's (2016) protocol: Z2CNN and P4CNN trained in the same run on digits each turned
 * by a uniformly random angle, tested on turned digits (each training digit turned afresh every epoch, unless
 * {@code --no-turning}); then both trained on upright digits and tested on the test
 * digits turned by 90, 180 and 270 degrees, where P4CNN's invariance keeps its accuracy to the digit. The digits are a
 * folder of IDX files ({@code --dataset}) or the 10,000 bundled ones. Writes P4CNN's model file and a PNG of the
 * curves, and ends with a line of figures.
 */
@Command(name = "grid-classify", mixinStandardHelpOptions = true,
        description = "Train and test Z2CNN and P4CNN (group-equivariant) on randomly rotated digits, and on upright "
                + "digits tested turned by quarter turns.")
public final class GridClassifyCommand implements Callable<Integer> {
    private static final String BUNDLED = "/org/erlangen/examples/mnist-digits/";
    private static final int SIZE = 28;

    @Option(names = "--dataset", description = "A folder of IDX files: MNIST's train-*/t10k-* files (their split is "
            + "kept), or one *-images-idx3-ubyte / *-labels-idx1-ubyte pair (split 80/20 with the seed). Default: "
            + "the 10,000 bundled digits.")
    Path dataset;
    @Option(names = "--epochs", defaultValue = "30", description = "Epochs of each network (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "128", description = "Images per batch (default ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--lr", defaultValue = "0.01", description = "Adam's learning rate at the start, decayed along a "
            + "cosine to 0 over the run (default ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--train-size", description = "Use only this many training digits (default: all).")
    Integer trainSize;
    @Option(names = "--test-size", description = "Use only this many test digits (default: all).")
    Integer testSize;
    @Option(names = "--no-turning", description = "Train on the rotated digits as drawn: by default each training "
            + "digit is turned by a fresh random angle every epoch (both networks; not for the upright training).")
    boolean noTurning;
    @Option(names = "--seed", defaultValue = "0")
    long seed;
    @Option(names = "--threads", description = "Threads of the kernels (default: the cores).")
    Integer threads;
    @Option(names = "--out", defaultValue = "erlangen-grid", description = "Output folder (default "
            + "${DEFAULT-VALUE}).")
    Path out;

    private Figures figures;

    /** Digits as the networks take them, with their labels. */
    private record Digits(INDArray images, int[] labels) {
        int count() {
            return labels.length;
        }
    }

    @Override
    public Integer call() throws Exception {
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
        ImageFolder.Contents contents = dataset == null ? bundled() : ImageFolder.read(dataset);
        try (OutputFolder output = OutputFolder.create(out)) {
            run(output.path(), contents);
            output.commit();
        }
        System.out.println("wrote " + out.resolve("p4cnn.safetensors") + ", " + out.resolve("curves.png"));
        figures.print();
        return 0;
    }

    private void run(Path folder, ImageFolder.Contents contents) throws IOException {
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        List<float[]> trainImages = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<float[]> testImages = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        if (contents.split()) {
            add(contents.train(), IntStream.range(0, contents.train().count()).toArray(), trainImages, trainLabels);
            add(contents.test(), IntStream.range(0, contents.test().count()).toArray(), testImages, testLabels);
        } else {
            int[] order = IntStream.range(0, contents.train().count()).toArray();
            Shuffle.inPlace(order, random);
            int tests = contents.train().count() / 5;
            add(contents.train(), Arrays.copyOfRange(order, tests, order.length), trainImages, trainLabels);
            add(contents.train(), Arrays.copyOfRange(order, 0, tests), testImages, testLabels);
        }
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
        int classes = 1 + IntStream.concat(trainLabels.stream().mapToInt(Integer::intValue), testLabels.stream()
                .mapToInt(Integer::intValue)).max().orElse(1);
        System.out.printf(Locale.ROOT, "%s: %d training, %d validation, %d test digits, %d classes; %d epochs, "
                + "batches of %d, Adam %.4g (cosine decay)%s%n",
                dataset == null ? "bundled digits" : dataset.getFileName(), fitImages.size(), valImages.size(),
                testImages.size(), classes, epochs, batchSize, lr,
                noTurning ? "" : "; rotated training digits turned afresh each epoch");

        // the rotated-digits protocol: every digit turned by its own uniformly random angle
        SplittableRandom angles = new SplittableRandom(seed + 1);
        Digits rotatedFit = digits(turned(fitImages, angles), fitLabels);
        Digits rotatedVal = digits(turned(valImages, angles), valLabels);
        Digits rotatedTest = digits(turned(testImages, angles), testLabels);
        List<TrainingCurves.Curve> curves = new ArrayList<>();
        double z2Error = 1 - train("Z2CNN, rotated", GridCnnConfig.z2cnn(classes), rotatedFit, rotatedVal,
                rotatedTest, curves, !noTurning, null);
        double p4Error = 1 - train("P4CNN, rotated", GridCnnConfig.p4cnn(classes), rotatedFit, rotatedVal,
                rotatedTest, curves, !noTurning, folder.resolve("p4cnn.safetensors"));

        // upright training, tested turned by quarter turns
        Digits uprightFit = digits(fitImages, fitLabels);
        Digits uprightVal = digits(valImages, valLabels);
        List<Digits> quarterTurns = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            double angle = q * Math.PI / 2;
            quarterTurns.add(digits(testImages.stream().map(i -> ImageRotation.rotate(i, SIZE, angle)).toList(),
                    testLabels));
        }
        double[] z2Turned = turnedAccuracies("Z2CNN, upright", GridCnnConfig.z2cnn(classes), uprightFit, uprightVal,
                quarterTurns, curves);
        double[] p4Turned = turnedAccuracies("P4CNN, upright", GridCnnConfig.p4cnn(classes), uprightFit, uprightVal,
                quarterTurns, curves);
        TrainingCurves.write(folder.resolve("curves.png"), "rotated digits", "val_accuracy", curves);
        double seconds = (System.nanoTime() - start) / 1e9;
        figures = new Figures().put("z2cnn_test_error", z2Error, 4).put("p4cnn_test_error", p4Error, 4)
                .put("p4cnn_upright_accuracy", p4Turned[0], 4).put("p4cnn_rot90_accuracy", p4Turned[1], 4)
                .put("p4cnn_rot180_accuracy", p4Turned[2], 4).put("p4cnn_rot270_accuracy", p4Turned[3], 4)
                .put("z2cnn_upright_accuracy", z2Turned[0], 4).put("z2cnn_rot90_accuracy", z2Turned[1], 4)
                .put("z2cnn_rot180_accuracy", z2Turned[2], 4).put("z2cnn_rot270_accuracy", z2Turned[3], 4)
                .put("seconds", seconds, 1);
    }

    /** Trains one network; its test accuracy. */
    private double train(String name, GridCnnConfig config, Digits fit, Digits val, Digits test,
            List<TrainingCurves.Curve> curves, boolean turning, Path modelFile) throws IOException {
        GridClassifier classifier = fitted(name, config, fit, val, curves, turning);
        double accuracy = classifier.accuracy(test.images(), test.labels());
        System.out.printf(Locale.ROOT, "%s (%d parameters): test accuracy %.4f, error %.2f%%%n", name,
                classifier.model().parameterCount(), accuracy, 100 * (1 - accuracy));
        if (modelFile != null) {
            classifier.save(modelFile);
        }
        return accuracy;
    }

    /** Trains one network on upright digits; its accuracy on the test digits turned 0, 1, 2 and 3 quarters. */
    private double[] turnedAccuracies(String name, GridCnnConfig config, Digits fit, Digits val, List<Digits> turns,
            List<TrainingCurves.Curve> curves) {
        // turned at random, the digits would show the plain network every pose: the test would tell nothing
        GridClassifier classifier = fitted(name, config, fit, val, curves, false);
        double[] accuracies = new double[turns.size()];
        for (int q = 0; q < turns.size(); q++) {
            accuracies[q] = classifier.accuracy(turns.get(q).images(), turns.get(q).labels());
        }
        System.out.printf(Locale.ROOT, "%s: test accuracy %.4f upright, %.4f / %.4f / %.4f turned by 90 / 180 / 270"
                + "%n", name, accuracies[0], accuracies[1], accuracies[2], accuracies[3]);
        return accuracies;
    }

    private GridClassifier fitted(String name, GridCnnConfig config, Digits fit, Digits val,
            List<TrainingCurves.Curve> curves, boolean turning) {
        GridClassifier classifier = new GridClassifier(config, batchSize, GridClassifier.defaults(epochs, lr), seed);
        if (turning) {
            classifier.turningTrainingImages();
        }
        Progress progress = Progress.perBatch(name, epochs, (fit.count() + batchSize - 1) / batchSize);
        try (progress) {
            classifier.fit(fit.images(), fit.labels(), val.images(), val.labels(), progress);
        }
        curves.add(new TrainingCurves.Curve(name, progress.losses(), progress.metric("val_accuracy")));
        return classifier;
    }

    private static List<float[]> turned(List<float[]> images, SplittableRandom angles) {
        List<float[]> out = new ArrayList<>(images.size());
        for (float[] image : images) {
            out.add(ImageRotation.rotate(image, SIZE, angles.nextDouble(2 * Math.PI)));
        }
        return out;
    }

    private static Digits digits(List<float[]> images, List<Integer> labels) {
        return new Digits(GridClassifier.tensor(images, SIZE, DataType.FLOAT), labels.stream()
                .mapToInt(Integer::intValue).toArray());
    }

    static void add(ImageFolder.Labelled data, int[] which, List<float[]> images, List<Integer> labels) {
        IdxReader.Images all = data.images();
        if (all.rows() != SIZE || all.columns() != SIZE) {
            throw new UserError("the networks take 28x28 digits; the images are " + all.rows() + "x"
                    + all.columns());
        }
        for (int i : which) {
            images.add(all.image(i));
            labels.add(data.labels()[i] & 0xff);
        }
    }

    /** The bundled digits, copied out of the class path so the IDX reader reads them as files. */
    static ImageFolder.Contents bundled() throws IOException {
        Path folder = Files.createTempDirectory("erlangen-digits");
        try {
            for (String name : List.of("digits-images-idx3-ubyte.gz", "digits-labels-idx1-ubyte.gz")) {
                try (InputStream in = GridClassifyCommand.class.getResourceAsStream(BUNDLED + name)) {
                    if (in == null) {
                        throw new IOException("the bundled digits " + BUNDLED + name + " are missing");
                    }
                    Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return ImageFolder.read(folder);
        } finally {
            try (var files = Files.list(folder)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(folder);
        }
    }
}
