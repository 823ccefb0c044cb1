package org.erlangen.molecules;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A GINE network over atom and bond features on ESOL (log10 aqueous solubility in mol/L, from SMILES): a random
 * 80/10/10 split per seed, three seeds, the epoch with the lowest validation RMSE kept. Writes predictions, a parity
 * plot and the model to {@code runs/esol-gine}; the last line is {@code test_mae=... test_rmse=... seconds=...}
 * (means over the seeds). Copy it and change the settings below; the one argument, if given, is the data folder.
 */
public final class EsolRegression {
    private EsolRegression() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/esol-delaney");
        MoleculeRegression.Options options = MoleculeRegression.Options.defaults(data)
                .withModel("gine")
                .withSeeds(3)
                .withEpochs(60, 0)             // 60 epochs, no time limit
                .withOut(Path.of("runs", "esol-gine"));
        MoleculeRegression.Result result = MoleculeRegression.run(options, MoleculeRegression.printing());
        System.out.println(result.figures());
    }
}
