package org.erlangen.neo4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.neo4j.config.GraphSpec;
import org.erlangen.neo4j.config.Orientation;
import org.erlangen.neo4j.config.Task;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Top-k links by brute force on small embeddings, and a link model's settings in its file. */
class LinkPredictionsTest {
    @Test
    void theBestNewTargetsOfEachSourceBestFirst() {
        // node v's embedding is [v, 1]: a pair's score is u * v + 1
        float[][] rows = new float[6][];
        for (int v = 0; v < 6; v++) {
            rows[v] = new float[] {v, 1};
        }
        var embeddings = Nd4j.createFromArray(rows);
        // 5 is linked to 4 (undirected): for source 5 the best new targets are 3 and 2, never 5 itself or 4
        int[][] known = LinkPredictions.knownLinks(6, new int[] {4}, new int[] {5}, true);
        var top = LinkPredictions.topK(embeddings, new int[] {5, 4, 0}, new int[] {0, 1, 2, 3, 4, 5}, known[0],
                known[1], 2);
        assertArrayEquals(new int[] {5, 5, 4, 4, 0, 0}, top.sources());
        assertArrayEquals(new int[] {3, 2, 3, 2, 1, 2}, top.targets(),
                "0 scores 1 with every node: ties go to the first candidates but itself");
        assertEquals(1 / (1 + Math.exp(-16)), top.probabilities()[0], 1e-12);
        assertEquals(1 / (1 + Math.exp(-11)), top.probabilities()[1], 1e-12);
        // directed: 4 -> 5 known does not hide 4 from 5
        int[][] directed = LinkPredictions.knownLinks(6, new int[] {4}, new int[] {5}, false);
        var fromFive = LinkPredictions.topK(embeddings, new int[] {5}, new int[] {0, 1, 2, 3, 4, 5}, directed[0],
                directed[1], 1);
        assertArrayEquals(new int[] {4}, fromFive.targets());
        var fewer = LinkPredictions.topK(embeddings, new int[] {1}, new int[] {1, 2}, directed[0], directed[1], 5);
        assertArrayEquals(new int[] {2}, fewer.targets(), "k beyond the candidates gives what there is");
    }

    @Test
    void aLinkModelsSettingsSurviveItsFile() {
        GraphSpec graph = new GraphSpec(List.of("Customer", "Product"), List.of(), Orientation.UNDIRECTED,
                List.of("features"), null);
        ModelSpec spec = new ModelSpec(Task.LINK_PREDICTION, graph, null, List.of(4), null, 0, 1, null,
                new LinkSpec("BOUGHT", List.of("Customer"), List.of("Product")));
        ModelSpec back = ModelSpec.fromJson(spec.toJson());
        assertEquals(spec, back);

        // the decoder's bias and a random projection without properties
        GraphSpec bare = new GraphSpec(List.of("Author"), List.of(), Orientation.UNDIRECTED, List.of(), null);
        ModelSpec projected = new ModelSpec(Task.LINK_PREDICTION, bare, null, List.of(), null, 0, 1, null,
                new LinkSpec("CO_AUTHOR", List.of("Author"), List.of("Author")).withLogitBias(-2.5)
                        .withProjection(new LinkSpec.Projection(64, 9)));
        ModelSpec read = ModelSpec.fromJson(projected.toJson());
        assertEquals(projected, read);
        assertEquals(64, read.featureWidth(), "the projection's columns are the input");
        assertEquals(-0.5, read.link().logit(2.0), 1e-12);
        // a file from before the bias and the projection scores by the plain dot product
        var old = projected.toJson();
        old.getAsJsonObject("link").remove("logitBias");
        old.getAsJsonObject("link").remove("randomProjection");
        assertEquals(2.0, ModelSpec.fromJson(old).link().logit(2.0), 1e-12);
        assertEquals(0, ModelSpec.fromJson(old).featureWidth());
    }

    @Test
    void featuresPerLabelSurviveTheFile() {
        Map<String, List<String>> byLabel = new LinkedHashMap<>();
        byLabel.put("Product", List.of("price"));
        byLabel.put("Customer", List.of("age", "visits"));
        GraphSpec graph = new GraphSpec(List.of("Product", "Customer"), List.of("BOUGHT"), Orientation.UNDIRECTED,
                List.of(), null, byLabel);
        ModelSpec spec = new ModelSpec(Task.NODE_CLASSIFICATION, graph, "segment", List.of(1, 1, 2),
                List.of("budget", "premium"), 0, 1, null);
        ModelSpec back = ModelSpec.fromJson(spec.toJson());
        assertEquals(spec, back);
        assertEquals(List.of("Product", "Customer"), back.graph().types(), "the type order is the column order");
        assertEquals(6, back.featureWidth(), "4 property columns and a one-hot of 2 types");
    }
}
