package org.erlangen.gnn.geometric;

import java.util.List;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.GraphLoader;
import org.erlangen.nn.Module;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Adam;
import org.erlangen.train.GradClip;
import org.erlangen.train.Losses;
import org.erlangen.train.BudgetedSchedule;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains an {@link EnergyModel} on molecules whose graph target is their energy: mini-batches with Adam, a
 * learning rate that warms up linearly and then decays on a cosine (per optimizer step, or compressed into a time
 * budget), gradient clipping, and
 * targets normalised by an {@link EnergyNormalizer} fitted on the training molecules only. Each optimizer step runs
 * inside a {@link Workspace#step()}.
 *
 * @param <M> the model
 */
public final class EnergyTrainer<M extends Module & EnergyModel> {
    /** The objective on normalised targets. */
    public enum Loss { MSE, L1 }

    /**
     * Training options.
     *
     * @param warmupFraction share of all optimizer steps spent warming up the learning rate from 0
     * @param gradClip maximum global gradient norm, or 0 for none
     * @param referenceEnergies per-atom-type reference energies by least squares when true, mean and standard
     *     deviation when false
     * @param budgetSeconds wall-clock limit of the training loop, or 0 for none: the learning rate then follows the
     *     larger of the step and time progress ({@link BudgetedSchedule}) and training stops when the time is up
     */
    public record Settings(int epochs, int batchSize, double learningRate, double warmupFraction, double gradClip,
            Loss loss, boolean referenceEnergies, long seed, double budgetSeconds) {
        /** Without a time budget. */
        public Settings(int epochs, int batchSize, double learningRate, double warmupFraction, double gradClip,
                Loss loss, boolean referenceEnergies, long seed) {
            this(epochs, batchSize, learningRate, warmupFraction, gradClip, loss, referenceEnergies, seed, 0);
        }

        public Settings {
            if (!(budgetSeconds >= 0) || Double.isInfinite(budgetSeconds)) {
                throw new IllegalArgumentException("time budget must be finite and non-negative, got "
                        + budgetSeconds);
            }
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("need at least 1 epoch and batch size 1, got " + epochs + ", "
                        + batchSize);
            }
            if (!(learningRate > 0) || !(warmupFraction >= 0 && warmupFraction < 1) || !(gradClip >= 0)) {
                throw new IllegalArgumentException("learning rate must be positive, warm-up fraction in [0, 1), "
                        + "gradient clip non-negative; got " + learningRate + ", " + warmupFraction + ", " + gradClip);
            }
        }

        /**
         * Batch 32, learning rate 5e-4, 5% warm-up, no clipping, L1 loss, reference energies, seed 0. Clipping is
         * off because it measured a fifth of a SchNet step on QM7 (one ND4J norm per parameter tensor).
         */
        public static Settings defaults(int epochs) {
            return new Settings(epochs, 32, 5e-4, 0.05, 0.0, Loss.L1, true, 0);
        }
    }

    /** Called after each epoch; MAE in the units of the targets, NaN without a validation set. */
    @FunctionalInterface
    public interface EpochListener {
        void epoch(int epoch, double trainLoss, double validationMae, double learningRate, double seconds);
    }

    /** Errors in target units, and the prediction for each evaluated molecule in the order given. */
    public record Evaluation(double mae, double rmse, double[] predictions) {
    }

    private final M model;
    private final List<Graph> graphs;
    private final int[][] counts;
    private final double[] energies;
    private EnergyNormalizer normalizer;

    /**
     * @param graphs molecules with atom types, positions and a graph target whose first value is the energy
     */
    public EnergyTrainer(M model, List<Graph> graphs) {
        if (graphs.isEmpty()) {
            throw new IllegalArgumentException("no molecules to train on");
        }
        this.model = model;
        this.graphs = graphs;
        this.counts = new int[graphs.size()][];
        this.energies = new double[graphs.size()];
        for (int i = 0; i < graphs.size(); i++) {
            Graph g = graphs.get(i);
            if (g.graphTargets() == null || g.graphTargets().length() < 1) {
                throw new IllegalArgumentException("molecule " + i + " has no energy (graph target)");
            }
            energies[i] = g.graphTargets().getDouble(0);
            counts[i] = AtomTypeIndex.counts(AtomTypeIndex.of(g, model.atomTypes()), model.atomTypes());
        }
    }

    /**
     * Fits the normaliser on the energies of {@code train}: per-type reference energies when {@code references},
     * else mean and standard deviation. {@link #fit} calls this; call it first to evaluate an untrained model.
     */
    public EnergyNormalizer fitNormalizer(int[] train, boolean references) {
        double[] trainEnergies = new double[train.length];
        int[][] trainCounts = new int[train.length][];
        for (int i = 0; i < train.length; i++) {
            trainEnergies[i] = energies[train[i]];
            trainCounts[i] = counts[train[i]];
        }
        normalizer = references ? EnergyNormalizer.referenceEnergies(trainCounts, trainEnergies)
                : EnergyNormalizer.meanStd(trainEnergies, model.atomTypes());
        return normalizer;
    }

    /** Fits the normaliser on {@code train}, then trains; returns the normaliser in use. */
    public EnergyNormalizer fit(Settings s, int[] train, int[] validation, EpochListener listener) {
        fitNormalizer(train, s.referenceEnergies());
        GraphLoader loader = GraphLoader.over(graphs).indices(train).batchSize(s.batchSize()).shuffle(s.seed())
                .build();
        long totalSteps = (long) s.epochs() * loader.batchesPerEpoch();
        Adam adam = new Adam(model.parameters(), s.learningRate());
        BudgetedSchedule schedule = new BudgetedSchedule(s.learningRate(), s.warmupFraction(), totalSteps,
                s.budgetSeconds());
        long step = 0;
        boolean finished = false;
        for (int epoch = 1; epoch <= s.epochs() && !finished; epoch++) {
            long start = System.nanoTime();
            model.train(true);
            double lossSum = 0;
            int seen = 0;
            double lr = schedule.rate(schedule.progress(step));
            for (int[] indices : loader.batchIndices(epoch - 1)) {
                double progress = schedule.progress(step);
                if (BudgetedSchedule.finished(progress)) {
                    finished = true;
                    break;
                }
                adam.setLearningRate(schedule.rate(progress));
                GraphBatch batch = GraphBatch.of(graphs, indices);
                INDArray target = normalisedTargets(indices, batch);
                try (var ignored = Workspace.step()) {
                    Tensor prediction = model.energy(batch);
                    Tensor loss = s.loss() == Loss.L1 ? Losses.l1(prediction, Tensor.constant(target))
                            : Losses.mse(prediction, Tensor.constant(target));
                    loss.backward();
                    if (s.gradClip() > 0) {
                        GradClip.byGlobalNorm(model.parameters(), s.gradClip());
                    }
                    adam.step();
                    model.zeroGrad();
                    lossSum += loss.item() * indices.length;
                    seen += indices.length;
                }
                step++;
            }
            if (seen == 0) {
                break; // the time ran out exactly at an epoch's start
            }
            double mae = validation == null || validation.length == 0 ? Double.NaN
                    : evaluate(validation, s.batchSize()).mae();
            listener.epoch(epoch, lossSum / seen, mae, lr, (System.nanoTime() - start) / 1e9);
        }
        return normalizer;
    }

    /** Predicted energies of {@code indices} (in target units) with the fitted normaliser. */
    public Evaluation evaluate(int[] indices, int batchSize) {
        if (normalizer == null) {
            throw new IllegalStateException("fit the model before evaluating it");
        }
        model.eval();
        double[] predictions = new double[indices.length];
        double absSum = 0;
        double sqSum = 0;
        for (int from = 0; from < indices.length; from += batchSize) {
            int[] chunk = java.util.Arrays.copyOfRange(indices, from, Math.min(indices.length, from + batchSize));
            GraphBatch batch = GraphBatch.of(graphs, chunk);
            double[] out;
            try (var noGrad = GradMode.noGrad(); var ignored = Workspace.step()) {
                out = model.energy(batch).data().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
            }
            for (int k = 0; k < chunk.length; k++) {
                double e = normalizer.denormalise(out[k], counts[chunk[k]]);
                predictions[from + k] = e;
                double err = e - energies[chunk[k]];
                absSum += Math.abs(err);
                sqSum += err * err;
            }
        }
        return new Evaluation(absSum / indices.length, Math.sqrt(sqSum / indices.length), predictions);
    }

    /** The normaliser of the last {@link #fit}, or null before. */
    public EnergyNormalizer normalizer() {
        return normalizer;
    }

    private INDArray normalisedTargets(int[] indices, GraphBatch batch) {
        double[] y = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            y[k] = normalizer.normalise(energies[indices[k]], counts[indices[k]]);
        }
        return Nd4j.createFromArray(y).reshape(indices.length, 1).castTo(batch.graph().positions().dataType());
    }
}
