package org.erlangen.train;

import java.util.List;
import java.util.Map;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Tensor;

/**
 * What a task gives the {@link Trainer}: its model, its batches, the loss of a batch and its validation metrics
 * (learned from Neo4j GDS's {@code Objective}). The trainer owns everything else: the epoch loop, the optimizer step,
 * the schedule, weight decay, clipping, early stopping, keeping the best epoch, the termination check and the
 * listener.
 *
 * @param <B> a batch: the whole graph, a batch of graphs, the indices of some items
 */
public interface Objective<B> {
    /** The conventional name of the validation loss, which {@link TrainingSettings#tieBreak()} uses. */
    String VALIDATION_LOSS = "val_loss";

    /** The metric that decides the best epoch, and whether a higher value is better. */
    record Monitor(String metric, boolean higherIsBetter) {
    }

    /** The model being trained: its parameters are optimized and its best state kept. */
    Module module();

    /** How many batches every epoch has (schedules over the whole run need the total). */
    int batchesPerEpoch();

    /** The batches of an epoch, counted from 1, in the order they are trained on. */
    Iterable<B> batches(int epoch);

    /** The loss of one batch, with the model in training mode; the trainer runs it inside a workspace step. */
    Tensor loss(B batch);

    /** How much a batch counts in the epoch's mean loss, such as its number of graphs; 1 by default. */
    default int weight(B batch) {
        return 1;
    }

    /** Metrics after an epoch, with the model in evaluation mode, such as {@code val_acc}; none by default. */
    default Map<String, Double> validate() {
        return Map.of();
    }

    /**
     * Whether an epoch's validation may be read from the next step's forward ({@link #validateAhead}) instead of a
     * forward of its own ({@link #validate}): that step runs on the parameters the epoch ended with, so where the
     * model computes in training what it computes in evaluation (no dropout, no batch statistics) and the
     * validation needs no more than that forward computes (a full-graph link model's node embeddings), one forward
     * per epoch serves both. Only asked of objectives with one batch per epoch; false by default.
     */
    default boolean validatesAhead() {
        return false;
    }

    /**
     * The validation metrics of the parameters the last {@link #loss} ran on, read from what its forward computed;
     * called inside that step, after the loss and before its backward, with the model in training mode, when
     * {@link #validatesAhead()}. The last epoch, and one the run ends after, are validated by {@link #validate}.
     */
    default Map<String, Double> validateAhead() {
        throw new UnsupportedOperationException("this objective does not validate ahead");
    }

    /** The metric that decides the best epoch; null (the default) when there is none, and the last epoch is kept. */
    default Monitor monitor() {
        return null;
    }

    /**
     * How the task prepared the model's inputs, for the message when training diverges, such as "feature scaling was
     * on"; empty (the default) when it does not say.
     */
    default String inputs() {
        return "";
    }

    /**
     * What is wrong with the trained model, asked once after training with the kept parameters in evaluation mode,
     * such as {@link TrainingWarning#forClassifier} on the validation items; none by default.
     */
    default List<TrainingWarning> warnings() {
        return List.of();
    }
}
