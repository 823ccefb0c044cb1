package org.erlangen.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.erlangen.gnn.molecules.ColumnChoice;
import org.erlangen.gnn.molecules.Delimiter;
import org.erlangen.gnn.molecules.MoleculeDataset;
import org.erlangen.gnn.molecules.OnError;
import org.erlangen.molecules.MoleculeRegression;
import org.erlangen.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Molecular property regression on a data set folder (QM7 XYZ, ESOL SMILES CSV or Huuskonen SD files) or a molecule
 * file of one's own (delimited text with a SMILES column, or an SD file), through {@link MoleculeRegression}: a
 * progress bar per seed, the files it writes, and the last line of figures.
 */
@Command(name = "molecule", mixinStandardHelpOptions = true,
        description = "Train a molecular regression model (SchNet, EGNN or GINE) on QM7, ESOL or Huuskonen data, or "
                + "on a molecule file (SMILES table or SD file); writes predictions.csv, parity.png and "
                + "model.safetensors.")
public final class MoleculeCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, description = "A data set folder: qm7-qml (XYZ + energies), "
            + "esol-delaney (SMILES CSV) or huuskonen-solubility (SD files); or a molecule file: delimited text "
            + "(comma, tab or semicolon; '#' lines skipped; a header line or none) with a SMILES column, or an SD "
            + "file. A file is split at random 80/10/10 per seed.")
    Path dataset;
    @Option(names = "--model", description = "schnet or egnn (3D, QM7), gine (2D, SMILES and SD); default: "
            + "schnet for 3D data, gine otherwise.")
    String model;
    @Option(names = "--target", paramLabel = "NAME|NUMBER|PROPERTY", description = "Delimited text: the target "
            + "column, by header or 1-based number; SD file: the data item (> <PROPERTY>); detected when exactly one "
            + "numeric column (property) besides the SMILES is no id (whole numbers that all differ). QM7: pbe0 "
            + "(default) or dftb3, kcal/mol; ESOL and Huuskonen: logS.")
    String target;
    @Option(names = "--smiles-column", paramLabel = "NAME|NUMBER", description = "Delimited text: the SMILES "
            + "column, by header or 1-based number; detected when only one column's values parse as SMILES.")
    String smilesColumn;
    @Option(names = "--delimiter", paramLabel = "comma|tab|semicolon", description = "Delimited text: what "
            + "separates fields (default: detected).")
    String delimiter;
    @Option(names = "--seeds", defaultValue = "1", description = "Runs with seeds seed, seed+1, ...; the figures are "
            + "means (default ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--seed", defaultValue = "0")
    long seed;
    @Option(names = "--epochs", defaultValue = "0",
            description = "Epochs per seed (default: 100 for 3D models, 60 for gine).")
    int epochs;
    @Option(names = "--minutes", defaultValue = "0", description = "Training time limit per seed; the learning rate "
            + "decays to 0 within it (default: none).")
    double minutes;
    @Option(names = "--batch-size", defaultValue = "32")
    int batchSize;
    @Option(names = "--lr", defaultValue = "0", description = "Peak learning rate (default: 5e-4 for 3D models, "
            + "1e-3 for gine).")
    double lr;
    @Option(names = "--hidden", defaultValue = "0", description = "Width (default: 64 for 3D models, 128 for gine).")
    int hidden;
    @Option(names = "--layers", defaultValue = "0", description = "Interactions or layers (default: 3 for schnet, "
            + "4 for egnn and gine).")
    int layers;
    @Option(names = "--threads", defaultValue = "1", description = "Threads; small molecules run fastest on one "
            + "(default ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--on-error", defaultValue = "skip", description = "skip (report each bad molecule with its "
            + "file and line, and go on) or fail (stop at the first).")
    String onError;
    @Option(names = "--out", description = "Output folder (default: runs/<dataset>-<model>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(dataset)) {
            throw new UserError("no such dataset: " + dataset);
        }
        OnError policy = switch (onError.toLowerCase(Locale.ROOT)) {
            case "skip" -> OnError.SKIP;
            case "fail" -> OnError.FAIL;
            default -> throw new UserError("--on-error must be skip or fail, got '" + onError + "'");
        };
        if (model != null) {
            MoleculeRegression.ModelKind.of(model); // an unknown model is named before anything is read
        }
        var columns = new ColumnChoice(smilesColumn, target, delimiter == null ? null : Delimiter.of(delimiter));
        var options = new MoleculeRegression.Options(dataset, model, columns, seeds, seed, epochs, minutes, out,
                policy, batchSize, lr, hidden, layers, threads);
        MoleculeRegression.Result result = MoleculeRegression.run(options, new ProgressListener());
        System.out.println("wrote " + result.out().resolve("predictions.csv") + ", "
                + result.out().resolve("parity.png") + ", " + result.out().resolve("model.safetensors"));
        System.out.println(result.figures());
        return 0;
    }

    /** A progress bar per seed and a line when each seed is done. */
    private static final class ProgressListener implements MoleculeRegression.Listener {
        private Progress bar;

        @Override
        public void read(MoleculeDataset data) {
            System.out.println(data.summary());
            data.problems().forEach(p -> System.out.println("skipped " + p));
        }

        @Override
        public void seedStarted(long seed, int epochs, String description) {
            System.out.println("seed " + seed + ": " + description);
            bar = new Progress("seed " + seed, epochs);
        }

        @Override
        public void epoch(long seed, TrainingListener.Epoch epoch) {
            bar.epoch(epoch);
        }

        @Override
        public void seedDone(MoleculeRegression.SeedResult r) {
            if (bar != null) {
                bar.close();
                bar = null;
            }
            System.out.printf(Locale.ROOT, "seed %d: test MAE %.4f RMSE %.4f R^2 %.4f after %d epochs (%.0f s "
                    + "training)%n", r.seed(), r.test().mae(), r.test().rmse(), r.test().r2(), r.epochs(),
                    r.trainSeconds());
        }
    }
}
