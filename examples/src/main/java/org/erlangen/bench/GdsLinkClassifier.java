package org.erlangen.bench;

import org.neo4j.gds.core.model.OpenModelCatalogProvider;
import org.neo4j.gds.ml.models.Classifier;
import org.neo4j.gds.ml.models.ClassifierFactory;

/**
 * A trained GDS link-prediction pipeline's classifier, taken from GDS's model catalog in this process, to score given
 * node pairs: GDS 2.13's predict procedures only rank all unconnected pairs (or a KNN sample of them), and cannot
 * score a fixed list of pairs. The score is what GDS's {@code LinkPredictionSimilarityComputer} computes: the
 * classifier's probability of class 1 (a link) for the pair's link features, here the Hadamard product of the two
 * nodes' embeddings. Only this class names GDS's types, so the rest of the benchmark loads without GDS.
 */
final class GdsLinkClassifier {
    /** The class index GDS's link prediction gives to links, as in its {@code LinkPredictionSimilarityComputer}. */
    private static final int LINK = 1;

    private final Classifier classifier;

    private GdsLinkClassifier(Classifier classifier) {
        this.classifier = classifier;
    }

    /** The classifier of the pipeline model {@code modelName} in GDS's (open edition's, process-wide) catalog. */
    static GdsLinkClassifier of(String modelName) {
        var catalog = new OpenModelCatalogProvider().get()
                .orElseThrow(() -> new IllegalStateException("no GDS model catalog in this process"));
        var models = catalog.getAllModels().filter(m -> m.name().equals(modelName)).toList();
        if (models.size() != 1) {
            throw new IllegalStateException("expected one GDS model named '" + modelName + "', found "
                    + models.size());
        }
        if (!(models.get(0).data() instanceof Classifier.ClassifierData data)) {
            throw new IllegalStateException("GDS model '" + modelName + "' holds no classifier but "
                    + models.get(0).data().getClass().getName());
        }
        return new GdsLinkClassifier(ClassifierFactory.create(data));
    }

    /** The predicted probability that {@code a} and {@code b}, given as their embeddings, are linked. */
    double probability(double[] a, double[] b) {
        return classifier.predictProbabilities(PairScores.hadamard(a, b))[LINK];
    }
}
