package org.erlangen.molecules;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A GINE network over atom and bond features on Huuskonen's solubility data (log10 mol/L, from SD files) with its
 * fixed split: RDKit's 1,025 training and 257 test molecules, a tenth of the training molecules held out for
 * validation. Writes predictions, a parity plot and the model to {@code runs/huuskonen-gine}; the last line is
 * {@code test_mae=... test_rmse=... test_r2=... seconds=...}. Copy it and change the settings below; the one
 * argument, if given, is the data folder.
 */
public final class HuuskonenRegression {
    private HuuskonenRegression() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/huuskonen-solubility");
        MoleculeRegression.Options options = MoleculeRegression.Options.defaults(data)
                .withModel("gine")
                .withSeeds(3)                  // the test set is fixed; seeds change the weights and validation set
                .withEpochs(60, 0)
                .withOut(Path.of("runs", "huuskonen-gine"));
        MoleculeRegression.Result result = MoleculeRegression.run(options, MoleculeRegression.printing());
        System.out.println(result.figures());
    }
}
