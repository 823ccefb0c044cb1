package org.erlangen.examples;

import java.io.IOException;
import org.erlangen.gnn.tasks.Features;
import org.erlangen.gnn.tasks.NodeClassifier;
import org.erlangen.graph.Graph;
import org.erlangen.io.PlanetoidReader;
import org.erlangen.train.TrainingListener;

/**
 * Kipf and Welling's semi-supervised node classification on Cora: row-normalised bag-of-words features, a two-layer
 * GCN trained on the 140 labelled nodes of the standard split; the parameters of the epoch with the best validation
 * accuracy are evaluated on the 1,000 test nodes.
 */
public final class CoraGcn {
    /** Cora with self loops added and features normalised, plus the standard split. */
    public record Dataset(Graph graph, int[] train, int[] validation, int[] test, int classes) {
    }

    public record Result(double testAccuracy, double validationAccuracy, int bestEpoch) {
    }

    private CoraGcn() {
    }

    /** The copy of Cora bundled with Erlangen. */
    public static Dataset loadBundled() throws IOException {
        var cora = PlanetoidReader.bundledCora();
        Graph normalised = Features.normalizeRows(cora.graph()).withSelfLoops();
        return new Dataset(normalised, cora.trainIndex(), cora.valIndex(), cora.testIndex(), cora.numClasses());
    }

    public static Result train(Dataset data, int epochs, long seed, TrainingListener listener) {
        NodeClassifier classifier = new NodeClassifier().training(t -> t.epochs(epochs)).seed(seed);
        var fit = classifier.fit(data.graph(), data.train(), data.validation(), listener);
        return new Result(classifier.accuracy(data.graph(), data.test()), fit.bestValue(), fit.bestEpoch());
    }
}
