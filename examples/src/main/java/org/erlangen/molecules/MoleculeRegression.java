package org.erlangen.molecules;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.erlangen.cli.Figures;
import org.erlangen.cli.OutputFolder;
import org.erlangen.gnn.geometric.EGNN;
import org.erlangen.gnn.geometric.EnergyModel;
import org.erlangen.gnn.geometric.EnergyTrainer;
import org.erlangen.gnn.geometric.SchNet;
import org.erlangen.gnn.molecules.AtomFeatures;
import org.erlangen.gnn.molecules.AtomTypes;
import org.erlangen.gnn.molecules.BondFeatures;
import org.erlangen.gnn.molecules.ColumnChoice;
import org.erlangen.gnn.molecules.GineModel;
import org.erlangen.gnn.molecules.MolecularGraphs;
import org.erlangen.gnn.molecules.Molecule;
import org.erlangen.gnn.molecules.MoleculeDataset;
import org.erlangen.gnn.molecules.OnError;
import org.erlangen.gnn.molecules.PropertyTrainer;
import org.erlangen.gnn.tasks.Evaluation;
import org.erlangen.gnn.tasks.GraphRegression;
import org.erlangen.graph.Graph;
import org.erlangen.graph.Splits;
import org.erlangen.io.ModelFile;
import org.erlangen.kernels.Concurrency;
import org.erlangen.nn.Module;
import org.erlangen.train.LrSchedule;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Molecular property regression from a data set folder or a molecule file to figures and files: reads the molecules
 * (reporting every skipped record), builds radius graphs (SchNet, EGNN) or bond graphs with atom and bond features
 * (GINE), trains one model per seed and evaluates it on the test molecules. Writes {@code predictions.csv} (id,
 * seed, split, target, prediction for every molecule and seed), {@code parity.png} (test molecules of every seed)
 * and {@code model.safetensors} (the first seed's model, its settings and target normalisation in the header).
 *
 * <p>3D models use radius graphs with a 5 Å cutoff, per-element reference energies and an L1 loss; GINE uses the
 * targets' mean and standard deviation, a mean squared error and keeps the epoch with the lowest validation RMSE.
 */
public final class MoleculeRegression {
    /** The models to choose from. */
    public enum ModelKind {
        SCHNET, EGNN, GINE;

        public static ModelKind of(String name) {
            for (ModelKind k : values()) {
                if (k.name().equalsIgnoreCase(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown model '" + name + "'; models: schnet, egnn (3D, need atom "
                    + "positions), gine (2D, needs bonds)");
        }

        public boolean threeD() {
            return this != GINE;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What to run.
     *
     * @param dataset a data set folder (QM7, ESOL, Huuskonen) or a molecule file (delimited text, SD)
     * @param model null for the data set's usual one (SchNet for 3D data, GINE otherwise)
     * @param columns a file's SMILES and target columns and delimiter, each null to detect; for a data set folder
     *     only the target, a target key, null for the data set's usual one
     * @param epochs 0 for the model's default: 100 for 3D models, 60 for GINE
     * @param minutes training time limit per seed, 0 for none
     * @param hidden 0 for the model's default width; {@code layers} likewise
     * @param learningRate 0 for the model's default
     * @param threads ND4J and sparse-kernel threads; small molecules run fastest on one
     */
    public record Options(Path dataset, String model, ColumnChoice columns, int seeds, long seed, int epochs,
            double minutes, Path out, OnError onError, int batchSize, double learningRate, int hidden, int layers,
            int threads) {
        public Options {
            columns = columns == null ? ColumnChoice.DETECT : columns;
            atLeast("--seeds", seeds, 1);
            atLeast("--batch-size", batchSize, 1);
            atLeast("--threads", threads, 1);
            atLeast("--epochs", epochs, 0);
            atLeast("--hidden", hidden, 0);
            atLeast("--layers", layers, 0);
            if (!(minutes >= 0) || Double.isInfinite(minutes)) {
                throw new IllegalArgumentException("--minutes must be finite and 0 (no limit) or more, got " + minutes);
            }
            if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("--lr must be finite and 0 (the model's default) or more, got "
                        + learningRate);
            }
        }

        private static void atLeast(String option, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException(option + " must be at least " + min + (min == 0
                        ? " (0: the model's default)" : "") + ", got " + value);
            }
        }

        /**
         * The usual settings for a data set folder or a molecule file: columns detected, one seed, no time limit,
         * output in runs/(folder or file name without extension)-(model).
         */
        public static Options defaults(Path dataset) {
            return new Options(dataset, null, ColumnChoice.DETECT, 1, 0, 0, 0, null, OnError.SKIP, 32, 0, 0, 0, 1);
        }

        /** A file's SMILES column and target (names or 1-based numbers; null to detect), or a folder's target key. */
        public Options withColumns(String smiles, String target) {
            return new Options(dataset, model, new ColumnChoice(smiles, target, columns.delimiter()), seeds, seed,
                    epochs, minutes, out, onError, batchSize, learningRate, hidden, layers, threads);
        }

        public Options withModel(String name) {
            return new Options(dataset, name, columns, seeds, seed, epochs, minutes, out, onError, batchSize,
                    learningRate, hidden, layers, threads);
        }

        public Options withSeeds(int count) {
            return new Options(dataset, model, columns, count, seed, epochs, minutes, out, onError, batchSize,
                    learningRate, hidden, layers, threads);
        }

        public Options withEpochs(int count, double minuteLimit) {
            return new Options(dataset, model, columns, seeds, seed, count, minuteLimit, out, onError, batchSize,
                    learningRate, hidden, layers, threads);
        }

        public Options withOut(Path folder) {
            return new Options(dataset, model, columns, seeds, seed, epochs, minutes, folder, onError, batchSize,
                    learningRate, hidden, layers, threads);
        }
    }

    /** Progress reports; every method does nothing unless overridden. */
    public interface Listener {
        default void read(MoleculeDataset data) {
        }

        default void seedStarted(long seed, int epochs, String description) {
        }

        /** An epoch of a seed; its validation error is {@code val_mae} for 3D models, {@code val_rmse} for GINE. */
        default void epoch(long seed, TrainingListener.Epoch epoch) {
        }

        default void seedDone(SeedResult result) {
        }
    }

    /** One seed's test errors, training time, and prediction speed on the test molecules. */
    public record SeedResult(long seed, Evaluation test, int epochs, double trainSeconds,
            double predictMoleculesPerSecond) {
    }

    /** Every seed's result, where the files went and the wall time of the whole run. */
    public record Result(ModelKind model, String target, List<SeedResult> runs, Path out, double seconds) {
        public double[] testMae() {
            return runs.stream().mapToDouble(r -> r.test().mae()).toArray();
        }

        public double[] testRmse() {
            return runs.stream().mapToDouble(r -> r.test().rmse()).toArray();
        }

        public double[] testR2() {
            return runs.stream().mapToDouble(r -> r.test().r2()).toArray();
        }

        /** {@code test_mae=... test_rmse=... seconds=...}, with means and standard deviations for several seeds. */
        public String figures() {
            Figures f = new Figures().put("test_mae", mean(testMae()), 4).put("test_rmse", mean(testRmse()), 4)
                    .put("test_r2", mean(testR2()), 4);
            if (runs.size() > 1) {
                f.put("test_mae_std", std(testMae()), 4).put("test_rmse_std", std(testRmse()), 4)
                        .put("seeds", runs.size());
            }
            return f.put("epochs", Math.round(runs.stream().mapToInt(SeedResult::epochs).average().orElse(0)))
                    .put("train_seconds", runs.stream().mapToDouble(SeedResult::trainSeconds).average().orElse(0), 1)
                    .put("predict_mol_s", runs.stream().mapToDouble(SeedResult::predictMoleculesPerSecond).average()
                            .orElse(0), 0)
                    .put("seconds", seconds, 1).line();
        }
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n - 1). */
    static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    private MoleculeRegression() {
    }

    public static Result run(Options o, Listener listener) throws IOException {
        long start = System.nanoTime();
        Nd4j.getEnvironment().setMaxThreads(o.threads());
        Nd4j.getEnvironment().setMaxMasterThreads(o.threads());
        Concurrency.setDefault(o.threads());
        MoleculeDataset.Format format = MoleculeDataset.Format.detect(o.dataset());
        ModelKind kind = o.model() == null ? (format.threeD() ? ModelKind.SCHNET : ModelKind.GINE)
                : ModelKind.of(o.model());
        if (kind.threeD() && !format.threeD()) {
            throw new IllegalArgumentException(kind.id() + " needs 3D atom positions, and " + (format.folder()
                    ? format.title() + " has none (its molecules are SMILES or flat 2D drawings)"
                    : o.dataset().getFileName() + " (" + format.title() + ") is read as bond graphs (2D)")
                    + "; use --model gine");
        }
        if (!kind.threeD() && format.threeD()) {
            throw new IllegalArgumentException("gine needs bonds, and " + format.title() + " has only atom positions"
                    + " (XYZ); use --model schnet or egnn");
        }
        MoleculeDataset data = MoleculeDataset.read(o.dataset(), o.columns(), o.onError());
        listener.read(data);
        if (data.molecules().isEmpty()) {
            throw new IllegalArgumentException("no molecule of " + o.dataset() + " could be read");
        }
        String target = data.target();
        if (!data.molecules().get(0).targets().containsKey(target)) {
            throw new IllegalArgumentException("unknown target '" + target + "' for " + format.title()
                    + "; targets: " + data.molecules().get(0).targets().keySet() + (format.folder() && !format.threeD()
                    ? "; to learn another column, name the file in the folder itself as the dataset" : ""));
        }
        Splits.Split first = data.split(o.seed());
        if (first.train().length == 0 || first.validation().length == 0 || first.test().length == 0) {
            throw new IllegalArgumentException(data.title() + " has " + data.molecules().size() + " molecules, too "
                    + "few for a training, a validation and a test part (" + first.train().length + ", "
                    + first.validation().length + " and " + first.test().length + " molecules)");
        }
        List<Graph> graphs = new ArrayList<>(data.molecules().size());
        for (Molecule m : data.molecules()) {
            graphs.add(kind.threeD() ? MolecularGraphs.radiusGraph(m, AtomTypes.QM7, MolecularGraphs.DEFAULT_CUTOFF,
                    target, DataType.FLOAT) : MolecularGraphs.graph2d(m, target, DataType.FLOAT));
        }
        Path folder = o.out() != null ? o.out() : Path.of("runs", baseName(o.dataset()) + "-" + kind.id());
        // written into a temporary folder beside the target, moved into place only when every seed succeeded
        try (OutputFolder output = OutputFolder.create(folder)) {
            Result result = train(o, listener, kind, format, data, target, graphs, output.path(), start);
            output.commit();
            return new Result(result.model(), result.target(), result.runs(), folder, result.seconds());
        }
    }

    private static Result train(Options o, Listener listener, ModelKind kind, MoleculeDataset.Format format,
            MoleculeDataset data, String target, List<Graph> graphs, Path out, long start) throws IOException {
        int epochs = o.epochs() > 0 ? o.epochs() : kind.threeD() ? 100 : 60;
        List<SeedResult> runs = new ArrayList<>();
        List<ParityPlot.Series> parity = new ArrayList<>();
        try (BufferedWriter csv = Files.newBufferedWriter(out.resolve("predictions.csv"), StandardCharsets.UTF_8)) {
            csv.write("id,seed,split,target,prediction\n");
            for (int s = 0; s < o.seeds(); s++) {
                long seed = o.seed() + s;
                Splits.Split split = data.split(seed);
                SeedRun run = kind.threeD() ? train3d(kind, o, epochs, seed, graphs, split, listener)
                        : train2d(o, epochs, seed, graphs, split, listener);
                long predictStart = System.nanoTime();
                Evaluation test = exact(run.predict(split.test()), split.test(), data, target);
                double predictRate = split.test().length / ((System.nanoTime() - predictStart) / 1e9);
                String[] names = {"train", "validation", "test"};
                int[][] parts = {split.train(), split.validation(), split.test()};
                for (int p = 0; p < parts.length; p++) {
                    Evaluation e = p == 2 ? test : exact(run.predict(parts[p]), parts[p], data, target);
                    for (int k = 0; k < parts[p].length; k++) {
                        csv.write(csvField(data.molecules().get(parts[p][k]).name()) + "," + seed + "," + names[p]
                                + "," + e.targets()[k] + "," + e.predictions()[k] + "\n");
                    }
                }
                if (s == 0) {
                    JsonObject config = run.config();
                    config.addProperty("dataset_format", format.name());
                    if (!data.layout().isEmpty()) {
                        config.addProperty("dataset_layout", data.layout());
                    }
                    config.addProperty("target", target);
                    config.addProperty("seed", seed);
                    ModelFile.save(out.resolve("model.safetensors"), run.model(), config);
                }
                parity.add(new ParityPlot.Series("test, seed " + seed, test));
                SeedResult result = new SeedResult(seed, test, run.epochs(), run.trainSeconds(), predictRate);
                runs.add(result);
                listener.seedDone(result);
            }
        }
        ParityPlot.write(out.resolve("parity.png"), data.title() + ", " + kind.id() + ", test molecules",
                target, parity);
        return new Result(kind, target, runs, out, (System.nanoTime() - start) / 1e9);
    }

    /** A folder's name, or a file's without its extension. */
    private static String baseName(Path dataset) {
        String name = String.valueOf(dataset.getFileName());
        int dot = name.lastIndexOf('.');
        return Files.isRegularFile(dataset) && dot > 0 ? name.substring(0, dot) : name;
    }

    /** One seed's trained model, its file config, and how it predicts the molecules at given indices. */
    private record SeedRun(Function<int[], Evaluation> predictor, Module model, JsonObject config, int epochs,
            double trainSeconds) {
        Evaluation predict(int[] indices) {
            return predictor.apply(indices);
        }
    }

    private static SeedRun train3d(ModelKind kind, Options o, int epochs, long seed, List<Graph> graphs,
            Splits.Split split, Listener listener) {
        int types = AtomTypes.QM7.count();
        double cutoff = MolecularGraphs.DEFAULT_CUTOFF;
        JsonObject config = new JsonObject();
        config.addProperty("model", kind.id());
        JsonArray elements = new JsonArray();
        for (int t = 0; t < types; t++) {
            elements.add(AtomTypes.QM7.atomicNumber(t));
        }
        config.add("atom_types", elements);
        if (kind == ModelKind.SCHNET) {
            int width = o.hidden() > 0 ? o.hidden() : 64;
            SchNet.Config c = new SchNet.Config(types, width, width, 25, o.layers() > 0 ? o.layers() : 3, cutoff);
            config.add("schnet", ModelJson.of(c));
            return energyRun(new SchNet(c, seed, DataType.FLOAT), c.toString(), o, epochs, seed, graphs, split,
                    listener, config);
        }
        EGNN.Config c = new EGNN.Config(types, o.hidden() > 0 ? o.hidden() : 64, o.layers() > 0 ? o.layers() : 4,
                25, cutoff);
        config.add("egnn", ModelJson.of(c));
        return energyRun(new EGNN(c, seed, DataType.FLOAT), c.toString(), o, epochs, seed, graphs, split, listener,
                config);
    }

    private static <M extends Module & EnergyModel> SeedRun energyRun(M model, String description, Options o,
            int epochs, long seed, List<Graph> graphs, Splits.Split split, Listener listener, JsonObject config) {
        listener.seedStarted(seed, epochs, description + ", " + model.parameterCount() + " parameters");
        EnergyTrainer<M> trainer = new EnergyTrainer<>(model, graphs);
        double lr = o.learningRate() > 0 ? o.learningRate() : 5e-4;
        TrainingSettings training = TrainingSettings.builder().epochs(epochs)
                .schedule(LrSchedule.warmupCosine(lr, 0.05)).budgetSeconds(o.minutes() * 60).build();
        long start = System.nanoTime();
        Trainer.Result fit = trainer.fit(training, new EnergyTrainer.Options(o.batchSize(), GraphRegression.Loss.L1,
                true, seed), split.train(), split.validation(), epoch -> listener.epoch(seed, epoch));
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        config.add("normaliser", ModelJson.of(trainer.normalizer()));
        config.addProperty("learning_rate", lr);
        config.addProperty("epochs", fit.epochsRun());
        config.addProperty("best_epoch", fit.keptEpoch());
        return new SeedRun(indices -> trainer.evaluate(indices, o.batchSize()), model, config, fit.epochsRun(),
                trainSeconds);
    }

    private static SeedRun train2d(Options o, int epochs, long seed, List<Graph> graphs, Splits.Split split,
            Listener listener) {
        GineModel.Config d = GineModel.Config.defaults();
        GineModel.Config c = new GineModel.Config(d.atomFeatures(), d.bondFeatures(),
                o.hidden() > 0 ? o.hidden() : d.hidden(), o.layers() > 0 ? o.layers() : d.layers(), d.dropout());
        GineModel model = new GineModel(c, seed, DataType.FLOAT);
        listener.seedStarted(seed, epochs, c + ", " + model.parameterCount() + " parameters");
        PropertyTrainer trainer = new PropertyTrainer(model, graphs);
        double lr = o.learningRate() > 0 ? o.learningRate() : 1e-3;
        long start = System.nanoTime();
        TrainingSettings training = PropertyTrainer.defaults(epochs, lr).toBuilder().budgetSeconds(o.minutes() * 60)
                .build();
        Trainer.Result fit = trainer.fit(training, o.batchSize(), seed, split.train(), split.validation(),
                epoch -> listener.epoch(seed, epoch));
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        JsonObject config = new JsonObject();
        config.addProperty("model", "gine");
        config.add("gine", ModelJson.of(c));
        JsonArray features = new JsonArray();
        AtomFeatures.names().forEach(features::add);
        config.add("atom_features", features);
        JsonArray bondFeatures = new JsonArray();
        BondFeatures.names().forEach(bondFeatures::add);
        config.add("bond_features", bondFeatures);
        config.addProperty("target_mean", trainer.standardisation()[0]);
        config.addProperty("target_std", trainer.standardisation()[1]);
        config.addProperty("learning_rate", lr);
        config.addProperty("epochs", fit.epochsRun());
        config.addProperty("best_epoch", fit.keptEpoch());
        return new SeedRun(indices -> trainer.evaluate(indices, 256), model, config, fit.epochsRun(), trainSeconds);
    }

    /**
     * The predictions against the targets as read (doubles): the graphs hold them in float32, which rounds a QM7
     * energy of -1,500 kcal/mol by up to 6e-5.
     */
    private static Evaluation exact(Evaluation e, int[] indices, MoleculeDataset data, String target) {
        double[] truth = Arrays.stream(indices).mapToDouble(i -> data.molecules().get(i).target(target)).toArray();
        return Evaluation.of(truth, e.predictions());
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Prints a line per epoch and per seed, for the example programs. */
    public static Listener printing() {
        return new Listener() {
            @Override
            public void read(MoleculeDataset data) {
                System.out.println(data.summary());
                data.problems().forEach(p -> System.out.println("skipped " + p));
            }

            @Override
            public void seedStarted(long seed, int epochs, String description) {
                System.out.printf(Locale.ROOT, "seed %d: %s%n", seed, description);
            }

            @Override
            public void epoch(long seed, TrainingListener.Epoch e) {
                System.out.printf(Locale.ROOT, "seed %d epoch %d train_loss=%.4f %s lr=%.2e seconds=%.1f%n", seed,
                        e.epoch(), e.loss(), e.metrics(), e.learningRate(), e.seconds());
            }

            @Override
            public void seedDone(SeedResult r) {
                System.out.printf(Locale.ROOT, "seed %d: test MAE %.4f RMSE %.4f R^2 %.4f after %d epochs (%.0f s)%n",
                        r.seed(), r.test().mae(), r.test().rmse(), r.test().r2(), r.epochs(), r.trainSeconds());
            }
        };
    }
}
