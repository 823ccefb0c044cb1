package org.erlangen.gnn.geometric;

import java.util.List;
import org.erlangen.gnn.tasks.Evaluation;
import org.erlangen.gnn.tasks.GraphRegression;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Module;
import org.erlangen.train.LrSchedule;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;

/**
 * Trains an {@link EnergyModel} on molecules whose graph target is their energy, through the {@link Trainer}:
 * mini-batches, targets normalised by an {@link EnergyNormalizer} fitted on the training molecules only, an L1 or
 * squared loss, the validation MAE in the targets' units deciding the best epoch.
 *
 * @param <M> the model
 */
public final class EnergyTrainer<M extends Module & EnergyModel> {
    /**
     * What this task adds to the training settings.
     *
     * @param referenceEnergies per-atom-type reference energies by least squares when true, mean and standard
     *     deviation when false
     */
    public record Options(int batchSize, GraphRegression.Loss loss, boolean referenceEnergies, long seed) {
        public Options {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
        }

        /** Batches of 32, L1 loss, reference energies, seed 0. */
        public static Options defaults() {
            return new Options(32, GraphRegression.Loss.L1, true, 0);
        }
    }

    /**
     * Learning rate 5e-4 with a 5% linear warm-up and cosine decay, no clipping (it measured a fifth of a SchNet step
     * on QM7: one ND4J norm per parameter tensor).
     */
    public static TrainingSettings defaults(int epochs) {
        return TrainingSettings.builder().epochs(epochs).schedule(LrSchedule.warmupCosine(5e-4, 0.05)).build();
    }

    private final M model;
    private final GraphRegression regression;
    private final int[][] counts;
    private EnergyNormalizer normalizer;

    /** @param graphs molecules with atom types, positions and a graph target whose first value is the energy */
    public EnergyTrainer(M model, List<Graph> graphs) {
        this.model = model;
        this.regression = new GraphRegression(model, model::energy, graphs, "molecule", "energy (graph target)");
        this.counts = new int[graphs.size()][];
        for (int i = 0; i < graphs.size(); i++) {
            counts[i] = AtomTypeIndex.counts(AtomTypeIndex.of(graphs.get(i), model.atomTypes()), model.atomTypes());
        }
    }

    /**
     * Fits the normaliser on the energies of {@code train}: per-type reference energies when {@code references},
     * else mean and standard deviation. {@link #fit} calls this; call it first to evaluate an untrained model.
     */
    public EnergyNormalizer fitNormalizer(int[] train, boolean references) {
        double[] trainEnergies = regression.targets(train);
        int[][] trainCounts = new int[train.length][];
        for (int i = 0; i < train.length; i++) {
            trainCounts[i] = counts[train[i]];
        }
        normalizer = references ? EnergyNormalizer.referenceEnergies(trainCounts, trainEnergies)
                : EnergyNormalizer.meanStd(trainEnergies, model.atomTypes());
        return normalizer;
    }

    /** Fits the normaliser on {@code train}, then trains; validation MAE is reported as {@code val_mae}. */
    public Trainer.Result fit(TrainingSettings training, Options options, int[] train, int[] validation,
            TrainingListener listener) {
        fitNormalizer(train, options.referenceEnergies());
        return new Trainer(training).listener(listener).fit(regression.objective(scale(), options.loss(),
                GraphRegression.Metric.MAE, train, validation, options.batchSize(), options.seed()));
    }

    /** Predicted energies of {@code indices} (in target units) with the fitted normaliser. */
    public Evaluation evaluate(int[] indices, int batchSize) {
        return regression.evaluate(scale(), indices, batchSize);
    }

    /** The normaliser of the last {@link #fit}, or null before. */
    public EnergyNormalizer normalizer() {
        return normalizer;
    }

    private GraphRegression.Scale scale() {
        if (normalizer == null) {
            throw new IllegalStateException("fit the model before evaluating it");
        }
        EnergyNormalizer n = normalizer;
        return new GraphRegression.Scale() {
            @Override
            public double normalise(double energy, int graph) {
                return n.normalise(energy, counts[graph]);
            }

            @Override
            public double denormalise(double output, int graph) {
                return n.denormalise(output, counts[graph]);
            }
        };
    }
}
