package org.erlangen.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.erlangen.examples.CoraGcn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The main job: a two-layer GCN on the Cora citation graph bundled with Erlangen. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a 2-layer GCN on the bundled Cora data (standard split) and print test accuracy.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--epochs", defaultValue = "200", description = "Training epochs (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        var cora = CoraGcn.loadBundled();
        System.out.printf("Cora: %d nodes, %d edges, %d features, %d classes; train/val/test %d/%d/%d%n",
                cora.graph().numNodes(), cora.graph().numEdges(), cora.graph().nodeFeatureCount(), cora.classes(),
                cora.train().length, cora.validation().length, cora.test().length);
        CoraGcn.Result result;
        try (Progress progress = new Progress("GCN on Cora", epochs)) {
            result = CoraGcn.train(cora, epochs, seed, (epoch, loss, valAccuracy) -> {
                Map<String, Double> shown = new LinkedHashMap<>();
                shown.put("loss", loss);
                shown.put("val_acc", valAccuracy);
                progress.step(shown);
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("best validation accuracy %.4f at epoch %d%n", result.validationAccuracy(), result.bestEpoch());
        new Figures().put("test_accuracy", result.testAccuracy(), 4)
                .put("val_accuracy", result.validationAccuracy(), 4)
                .put("epochs", epochs)
                .put("seconds", seconds, 1)
                .print();
        return 0;
    }
}
