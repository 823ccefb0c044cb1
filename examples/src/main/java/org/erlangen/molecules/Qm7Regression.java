package org.erlangen.molecules;

import java.io.IOException;
import java.nio.file.Path;

/**
 * SchNet on QM7 atomisation energies (PBE0, kcal/mol): a random 80/10/10 split per seed, radius graphs with a 5 Å
 * cutoff, per-element reference energies fitted on the training molecules, Adam with warm-up and cosine decay
 * compressed into 10 minutes per seed, three seeds. Writes predictions, a parity plot and the model to
 * {@code runs/qm7-schnet}; the last line is {@code test_mae=... test_rmse=... seconds=...} (means over the seeds).
 * Copy it and change the settings below; the one argument, if given, is the data folder.
 */
public final class Qm7Regression {
    private Qm7Regression() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/qm7-qml");
        MoleculeRegression.Options options = MoleculeRegression.Options.defaults(data)
                .withModel("schnet")           // or "egnn"
                .withSeeds(3)
                .withEpochs(200, 10)           // at most 200 epochs and 10 minutes per seed
                .withOut(Path.of("runs", "qm7-schnet"));
        MoleculeRegression.Result result = MoleculeRegression.run(options, MoleculeRegression.printing());
        System.out.println(result.figures());
    }
}
