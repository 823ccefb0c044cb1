package org.erlangen.bench;

import java.util.function.UnaryOperator;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Adam;
import org.erlangen.train.Losses;

/**
 * Training steps of a classifier on one fixed batch, as the step benchmarks time them: forward, cross-entropy,
 * backward, Adam; {@code warmup} untimed steps, then {@code steps} timed ones.
 */
record ClassifierSteps(double[] losses, double medianMs) {

    static ClassifierSteps run(Module model, UnaryOperator<Tensor> forward, Tensor input, int[] labels,
            double learningRate, int warmup, int steps) {
        double[] losses = new double[warmup + steps];
        double[] times = new double[steps];
        var adam = new Adam(model.parameters(), learningRate);
        model.train(true);
        for (int step = 0; step < warmup + steps; step++) {
            long start = System.nanoTime();
            try (var ignored = Workspace.step()) {
                Tensor loss = Losses.crossEntropy(forward.apply(input), labels);
                loss.backward();
                adam.step();
                model.zeroGrad();
                losses[step] = loss.item();
            }
            if (step >= warmup) {
                times[step - warmup] = (System.nanoTime() - start) / 1e6;
            }
        }
        return new ClassifierSteps(losses, GcnBench.median(times));
    }
}
