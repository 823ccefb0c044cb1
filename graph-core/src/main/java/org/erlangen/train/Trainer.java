package org.erlangen.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.erlangen.io.FiniteCheck;
import org.erlangen.kernels.Background;
import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.Termination;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one training loop (learned from Neo4j GDS's {@code Training}): every model in the project trains here. A task
 * supplies an {@link Objective} (batches, the loss of a batch, validation metrics); the trainer runs the epochs with
 * Adam, the learning-rate schedule, weight decay and clipping of its {@link TrainingSettings}, watches the monitored
 * metric, stops early, keeps the best epoch's parameters, asks a termination check before every step (and inside
 * it, through {@link Termination}) and tells one listener after every epoch. A run that diverges stops with a
 * {@link TrainingDivergedException}: a loss that is not finite or that grows to {@value #EXPLODED} times its first
 * value, or a parameter that is not finite after an epoch. After training it asks the objective for its
 * {@link Objective#warnings() warnings}. While an epoch's batches are made ahead on threads of their own (a
 * {@link Background} iterator, such as a neighbour loader's), its steps run on as many fewer kernel threads. An
 * objective that {@link Objective#validatesAhead() validates ahead} has each epoch but the last validated from the
 * next step's forward, before that step's backward: the best epoch, its kept parameters, early stopping and what
 * the listener hears are those of validating after the epoch, with one forward per epoch fewer.
 *
 * <pre>
 *   Trainer.Result r = new Trainer(TrainingSettings.builder().epochs(200).learningRate(0.01).build())
 *       .listener(e -&gt; System.out.println(e.epoch() + " " + e.loss()))
 *       .fit(objective);
 * </pre>
 */
public final class Trainer {
    /**
     * A loss this many times the first step's (or than 1, when the first is smaller) means the run diverged: a
     * healthy run's loss falls from its first value. Learning rate 10 on MUTAG's GIN and GCN gave 8e16 and 6e9 at the
     * second step; a node GCN at learning rate 10 peaked at 3,000 times its first loss and is not stopped.
     */
    public static final double EXPLODED = 1e6;

    /**
     * What a run did: the best epoch by the monitored metric and its value (0 and NaN when nothing was monitored),
     * the epoch whose parameters the model holds now, whether it stopped early or ran out of time, every epoch, and
     * what the objective found wrong with the trained model (empty when nothing).
     */
    public record Result(int bestEpoch, double bestValue, int keptEpoch, boolean stoppedEarly, boolean outOfTime,
            List<TrainingListener.Epoch> history, List<TrainingWarning> warnings) {
        public int epochsRun() {
            return history.size();
        }
    }

    private final TrainingSettings settings;
    private TrainingListener listener = epoch -> { };
    private Runnable check; // null: only the thread's own Termination check, where a caller set one
    private LongSupplier clock = System::nanoTime;

    public Trainer(TrainingSettings settings) {
        this.settings = settings;
    }

    /** Who hears of every epoch and step; null for nobody. */
    public Trainer listener(TrainingListener l) {
        this.listener = l != null ? l : epoch -> { };
        return this;
    }

    /**
     * Run before every optimizer step and every validation, and inside a step as the thread's {@link Termination}
     * check (between layers, backward closures, slabs of large products, parameters of the update): it stops
     * training by throwing (a terminated Neo4j transaction, an interrupted thread). The exception reaches the caller
     * of {@link #fit}.
     */
    public Trainer terminationCheck(Runnable c) {
        this.check = c;
        return this;
    }

    /** The clock of the time budget, in nanoseconds (for tests). */
    Trainer clock(LongSupplier nanos) {
        this.clock = nanos;
        return this;
    }

    public <B> Result fit(Objective<B> objective) {
        if (check == null) {
            return run(objective);
        }
        try (var checked = Termination.checkedBy(check)) {
            return run(objective);
        }
    }

    private <B> Result run(Objective<B> objective) {
        Module module = objective.module();
        int perEpoch = objective.batchesPerEpoch();
        if (perEpoch < 1) {
            throw new IllegalArgumentException("an objective needs at least one batch per epoch, got " + perEpoch);
        }
        boolean ahead = perEpoch == 1 && objective.validatesAhead();
        long totalSteps = (long) settings.epochs() * perEpoch;
        Budget budget = new Budget(settings.budgetSeconds(), totalSteps, clock);
        Adam adam = optimizer(module, settings.schedule().rate(new RunPosition(0, perEpoch, totalSteps)));
        List<Tensor> parameters = module.parameters();
        Epochs epochs = new Epochs(module, objective.monitor());
        Trained waiting = null; // an epoch whose validation the next step's forward gives
        boolean outOfTime = false;
        long step = 0;
        double firstLoss = Double.NaN;
        double lastRate = Double.NaN;
        run:
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            long start = clock.getAsLong();
            module.train(true);
            double lossSum = 0;
            long weightSum = 0;
            double firstRate = Double.NaN;
            int batchesDone = 0;
            Iterator<B> batches = objective.batches(epoch).iterator();
            // batches made ahead on threads of their own leave the steps fewer kernel threads
            try (var steps = Concurrency.beside(batches instanceof Background b ? b.backgroundThreads() : 0)) {
                while (batches.hasNext()) {
                    B batch = batches.next();
                    Termination.check();
                    double at = budget.position(step);
                    if (at >= totalSteps) {
                        outOfTime = true;
                        break;
                    }
                    double rate = settings.schedule().rate(new RunPosition(at, perEpoch, totalSteps));
                    adam.setLearningRate(rate);
                    if (Double.isNaN(firstRate)) {
                        firstRate = rate;
                    }
                    lastRate = rate;
                    int weight = objective.weight(batch);
                    try (var ignored = Workspace.step()) {
                        Tensor loss = objective.loss(batch);
                        double value = loss.item();
                        if (waiting != null) {
                            long validating = clock.getAsLong();
                            Map<String, Double> metrics = objective.validateAhead();
                            Trained validated = waiting;
                            long nanos = clock.getAsLong() - validating;
                            waiting = null;
                            // the best state's copy and the listener outlive this step's arena
                            if (Workspace.outside(() -> epochs.end(validated, metrics, nanos))) {
                                epochs.stoppedEarly = validated.epoch() < settings.epochs();
                                break run; // before this step changes the parameters the epoch was judged on
                            }
                        }
                        if (Double.isNaN(firstLoss)) {
                            firstLoss = value;
                        }
                        checkLoss(value, firstLoss, epoch, step, rate, objective);
                        loss.backward();
                        if (settings.gradClip() > 0) {
                            GradClip.byGlobalNorm(parameters, settings.gradClip());
                        }
                        adam.step();
                        module.zeroGrad();
                        lossSum += value * weight;
                        weightSum += weight;
                        batchesDone++;
                        listener.batch(epoch, batchesDone, perEpoch, value);
                    }
                    step++;
                }
            } finally {
                closeBatches(batches);
            }
            if (weightSum == 0) {
                break; // the time ran out at the start of an epoch
            }
            Termination.check();
            checkParameters(module, firstLoss, epoch, step, lastRate, objective);
            Termination.check();
            var trained = new Trained(epoch, lossSum / weightSum, firstRate, clock.getAsLong() - start);
            boolean timeUp = outOfTime || budget.position(step) >= totalSteps;
            if (ahead && !timeUp && epoch < settings.epochs()) {
                waiting = trained;
                continue;
            }
            boolean patienceOut = validate(epochs, trained, objective);
            if (timeUp) {
                outOfTime = outOfTime || step < totalSteps;
                break;
            }
            if (patienceOut) {
                epochs.stoppedEarly = epoch < settings.epochs();
                break;
            }
        }
        if (waiting != null && validate(epochs, waiting, objective)) {
            // the run ended before the step that would have validated it
            epochs.stoppedEarly = waiting.epoch() < settings.epochs();
        }
        return epochs.result(outOfTime, objective);
    }

    /** Validates a trained epoch with a forward of its own, in evaluation mode; whether patience has run out. */
    private boolean validate(Epochs epochs, Trained trained, Objective<?> objective) {
        objective.module().eval();
        long validating = clock.getAsLong();
        Map<String, Double> metrics = objective.validate();
        return epochs.end(trained, metrics, clock.getAsLong() - validating);
    }

    /** An epoch's training: its mean loss, the rate at its first step and the nanoseconds its steps took. */
    private record Trained(int epoch, double loss, double learningRate, long nanos) {
    }

    /**
     * The epochs validated so far: the best by the monitored metric and its parameters, the history, the listener
     * told, early stopping decided.
     */
    private final class Epochs {
        private final Module module;
        private final Best best;
        private final List<TrainingListener.Epoch> history = new ArrayList<>();
        private Map<String, INDArray> bestState;
        private boolean stoppedEarly;

        Epochs(Module module, Objective.Monitor monitor) {
            this.module = module;
            this.best = new Best(monitor, settings.tieBreak());
        }

        /** Records a validated epoch and tells the listener; whether patience has run out. */
        boolean end(Trained trained, Map<String, Double> validation, long validationNanos) {
            Map<String, Double> metrics = Collections.unmodifiableMap(new LinkedHashMap<>(validation));
            boolean improved = best.offer(trained.epoch(), metrics);
            if (improved && settings.keepBest()) {
                bestState = module.stateCopy();
            }
            var record = new TrainingListener.Epoch(trained.epoch(), trained.loss(), metrics, trained.learningRate(),
                    (trained.nanos() + validationNanos) / 1e9, improved);
            history.add(record);
            listener.epoch(record);
            return settings.patience() > 0 && best.epoch() > 0
                    && trained.epoch() - best.epoch() >= settings.patience();
        }

        Result result(boolean outOfTime, Objective<?> objective) {
            if (bestState != null) {
                module.loadStateDict(bestState);
            }
            module.eval();
            int kept = bestState != null ? best.epoch() : history.size();
            List<TrainingWarning> warnings = history.isEmpty() ? List.of() : List.copyOf(objective.warnings());
            return new Result(best.epoch(), best.value(), kept, stoppedEarly, outOfTime,
                    Collections.unmodifiableList(history), warnings);
        }
    }

    /**
     * Closes an epoch's iterator that holds resources (a loader's sampling threads), also when the epoch ends early
     * by an exception, the time budget or a divergence.
     */
    private static void closeBatches(Iterator<?> batches) {
        if (batches instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing the batches of an epoch failed", e);
            }
        }
    }

    /** Stops a run whose loss is not finite, or has grown {@value #EXPLODED} times over its first value. */
    private static void checkLoss(double loss, double first, int epoch, long step, double rate, Objective<?> task) {
        String what = null;
        if (!Double.isFinite(loss)) {
            what = "the loss is " + loss;
        } else if (Double.isFinite(first) && loss > EXPLODED * Math.max(Math.abs(first), 1)) {
            what = String.format(Locale.ROOT, "the loss is %.6g, more than %.0g times its first value", loss,
                    EXPLODED);
        }
        if (what != null) {
            throw new TrainingDivergedException(what, epoch, step + 1, loss, first, rate, task.inputs());
        }
    }

    /** Stops a run whose steps left a parameter that is not finite (the last step of an epoch has no next loss). */
    private static void checkParameters(Module module, double first, int epoch, long step, double rate,
            Objective<?> task) {
        for (var p : module.namedParameters().entrySet()) {
            FiniteCheck.Entry bad = FiniteCheck.firstNonFinite(p.getValue().data());
            if (bad != null) {
                throw new TrainingDivergedException("parameter '" + p.getKey() + "' holds " + bad.describe(), epoch,
                        step, Double.NaN, first, rate, task.inputs());
            }
        }
    }

    /** Adam over the module's parameters, with weight decay on those the settings name. */
    private Adam optimizer(Module module, double initialRate) {
        Set<Tensor> decayed = Collections.newSetFromMap(new IdentityHashMap<>());
        module.namedParameters().forEach((name, p) -> {
            if (settings.decayed().test(name)) {
                decayed.add(p);
            }
        });
        return Adam.withDecayOn(module.parameters(), initialRate, settings.weightDecay(), decayed::contains);
    }

    /** The best epoch so far by the monitored metric, with the validation loss breaking ties when asked to. */
    private static final class Best {
        private final Objective.Monitor monitor;
        private final boolean tieBreak;
        private int epoch;
        private double value = Double.NaN;
        private double loss = Double.NaN;

        Best(Objective.Monitor monitor, boolean tieBreak) {
            this.monitor = monitor;
            this.tieBreak = tieBreak;
        }

        /** Whether this epoch is the new best; NaN never is, the first comparable value always is. */
        boolean offer(int e, Map<String, Double> metrics) {
            if (monitor == null || metrics.isEmpty()) {
                return false;
            }
            Double v = metrics.get(monitor.metric());
            if (v == null) {
                throw new IllegalStateException("the validation returned no metric '" + monitor.metric()
                        + "'; it returned " + metrics.keySet());
            }
            double l = metrics.getOrDefault(Objective.VALIDATION_LOSS, Double.NaN);
            if (!better(v, l)) {
                return false;
            }
            epoch = e;
            value = v;
            loss = l;
            return true;
        }

        private boolean better(double v, double l) {
            if (Double.isNaN(v)) {
                return false;
            }
            if (Double.isNaN(value)) {
                return true;
            }
            if (v == value) {
                return tieBreak && l < loss;
            }
            return monitor.higherIsBetter() ? v > value : v < value;
        }

        int epoch() {
            return epoch;
        }

        double value() {
            return value;
        }
    }

    /**
     * Steps taken, or more when a time budget runs ahead of them: the share of the budget spent, in steps. A run is
     * over when this reaches the run's total.
     */
    private static final class Budget {
        private final long nanos;
        private final long totalSteps;
        private final LongSupplier clock;
        private final long start;

        Budget(double seconds, long totalSteps, LongSupplier clock) {
            this.nanos = (long) (seconds * 1e9);
            this.totalSteps = totalSteps;
            this.clock = clock;
            this.start = clock.getAsLong();
        }

        double position(long step) {
            if (nanos == 0) {
                return step;
            }
            double spent = (double) (clock.getAsLong() - start) / nanos;
            return Math.max(step, spent * totalSteps);
        }
    }
}
