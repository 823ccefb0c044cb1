package org.erlangen.molecules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.erlangen.gnn.geometric.EnergyNormalizer;
import org.erlangen.gnn.geometric.EnergyTrainer;
import org.erlangen.gnn.geometric.SchNet;
import org.erlangen.graph.Graph;
import org.erlangen.graph.Splits;
import org.erlangen.sparse.Concurrency;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains SchNet on QM7 atomisation energies (PBE0, kcal/mol): a random 80/10/10 split with a fixed seed, radius
 * graphs with a 5 Å cutoff, float32, per-element reference energies fitted on the training molecules, Adam with
 * warm-up and cosine decay. Prints one line per epoch, then {@code test_mae=... test_rmse=... seconds=...}.
 *
 * <pre>
 * Qm7Regression [--data DIR] [--epochs N] [--batch B] [--lr RATE] [--hidden H] [--interactions K] [--seed S]
 *               [--threads T]
 * </pre>
 * {@code --data} defaults to {@code ../shared/data/qm7-qml}, the shared data seen from the repository root.
 * {@code --threads} caps ND4J's and the sparse kernels' threads: batches of small molecules make many short
 * operations, for which starting threads can cost more than it gains (on a busy 2-core machine, 1 thread was
 * several times faster than 2).
 */
public final class Qm7Regression {
    /** The settings of a run. */
    public record Options(Path data, int epochs, int batchSize, double learningRate, int hidden, int interactions,
            long seed, int threads) {
        public static Options parse(String[] args) {
            Path data = Path.of("..", "shared", "data", "qm7-qml");
            int epochs = 10;
            int batch = 32;
            double lr = 5e-4;
            int hidden = 64;
            int interactions = 3;
            long seed = 0;
            int threads = 0;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--data" -> data = Path.of(v);
                    case "--epochs" -> epochs = Integer.parseInt(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--lr" -> lr = Double.parseDouble(v);
                    case "--hidden" -> hidden = Integer.parseInt(v);
                    case "--interactions" -> interactions = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; expected --data, "
                            + "--epochs, --batch, --lr, --hidden, --interactions, --seed or --threads");
                }
            }
            return new Options(data, epochs, batch, lr, hidden, interactions, seed, threads);
        }
    }

    /** Errors on the test molecules in kcal/mol and the wall time of the whole run. */
    public record Result(double testMae, double testRmse, double seconds) {
    }

    private Qm7Regression() {
    }

    public static void main(String[] args) throws IOException {
        Result r = run(Options.parse(args));
        System.out.printf(Locale.ROOT, "test_mae=%.3f test_rmse=%.3f seconds=%.1f%n", r.testMae(), r.testRmse(),
                r.seconds());
    }

    public static Result run(Options o) throws IOException {
        long start = System.nanoTime();
        if (o.threads() > 0) {
            Nd4j.getEnvironment().setMaxThreads(o.threads());
            Nd4j.getEnvironment().setMaxMasterThreads(o.threads());
            Concurrency.setDefault(o.threads());
        }
        ReadResult qm7 = Qm7Reader.read(o.data(), OnError.FAIL);
        List<Graph> graphs = new ArrayList<>(qm7.molecules().size());
        for (Molecule m : qm7.molecules()) {
            graphs.add(MolecularGraphs.radiusGraph(m, AtomTypes.QM7, MolecularGraphs.DEFAULT_CUTOFF, Qm7Reader.PBE0,
                    DataType.FLOAT));
        }
        Splits.Split split = Splits.random(graphs.size(), 0.8, 0.1, 0.1, o.seed());
        SchNet.Config config = new SchNet.Config(AtomTypes.QM7.count(), o.hidden(), o.hidden(), 25, o.interactions(),
                MolecularGraphs.DEFAULT_CUTOFF);
        SchNet model = new SchNet(config, o.seed(), DataType.FLOAT);
        System.out.printf(Locale.ROOT, "qm7: %d molecules (train %d, validation %d, test %d), SchNet %s, %d "
                + "parameters%n", graphs.size(), split.train().length, split.validation().length, split.test().length,
                config, model.parameterCount());
        EnergyTrainer<SchNet> trainer = new EnergyTrainer<>(model, graphs);
        EnergyTrainer.Settings settings = new EnergyTrainer.Settings(o.epochs(), o.batchSize(), o.learningRate(), 0.05,
                0.0, EnergyTrainer.Loss.L1, true, o.seed());
        EnergyNormalizer n = trainer.fit(settings, split.train(), split.validation(), (epoch, loss, mae, lr, sec) ->
                System.out.printf(Locale.ROOT, "epoch %d/%d train_l1=%.4f val_mae=%.3f lr=%.2e seconds=%.1f%n",
                        epoch, o.epochs(), loss, mae, lr, sec));
        System.out.printf(Locale.ROOT, "reference energies %s, residual scale %.3f kcal/mol%n",
                java.util.Arrays.toString(n.references()), n.scale());
        EnergyTrainer.Evaluation test = trainer.evaluate(split.test(), o.batchSize());
        return new Result(test.mae(), test.rmse(), (System.nanoTime() - start) / 1e9);
    }
}
