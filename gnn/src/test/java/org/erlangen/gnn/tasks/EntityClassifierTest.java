package org.erlangen.gnn.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.erlangen.gnn.models.RGCN;
import org.erlangen.graph.RelationalGraph;
import org.erlangen.io.ModelFile;
import org.erlangen.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntityClassifierTest {
    @TempDir
    Path tmp;

    /**
     * Entities 0..59 each point at one of four hubs (60..63), all by relation 0 or all by relation 1; the class is
     * the relation, so only a layer that tells relations apart can learn it (the hubs carry no hint).
     */
    private static RelationalGraph graph(int[] labels) {
        List<int[]> edges = new ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (int e = 0; e < 60; e++) {
            labels[e] = random.nextInt(2);
            edges.add(new int[] {e, 60 + random.nextInt(4), labels[e]});
            edges.add(new int[] {e, 60 + random.nextInt(4), labels[e]});
            edges.add(new int[] {e, 60 + random.nextInt(4), 2}); // noise: a third relation for everyone
        }
        return RelationalGraph.of(64, 3, edges.stream().mapToInt(x -> x[0]).toArray(),
                edges.stream().mapToInt(x -> x[1]).toArray(), edges.stream().mapToInt(x -> x[2]).toArray());
    }

    @Test
    void learnsClassesThatOnlyTheRelationTypesTell() throws Exception {
        int[] labels = new int[60];
        RelationalGraph g = graph(labels);
        int[] train = java.util.stream.IntStream.range(0, 40).toArray();
        int[] test = java.util.stream.IntStream.range(40, 60).toArray();
        int[] trainLabels = java.util.Arrays.stream(train).map(i -> labels[i]).toArray();
        int[] testLabels = java.util.Arrays.stream(test).map(i -> labels[i]).toArray();
        List<Double> losses = new ArrayList<>();
        for (int bases : new int[] {0, 2}) {
            EntityClassifier c = new EntityClassifier().hidden(8).bases(bases).seed(1)
                    .training(TrainingSettings.builder().epochs(40).learningRate(0.05).build());
            losses.clear();
            c.fit(g, train, trainLabels, new int[0], new int[0], e -> losses.add(e.loss()));
            assertTrue(losses.get(39) < 0.2 * losses.get(0), "loss " + losses);
            // unlabelled entities hear the hubs back through the inverse of the relation they use: that tells them
            assertEquals(1.0, c.accuracy(test, testLabels), 1e-12, "bases " + bases);
            assertEquals(6, c.model().config().relations(), "inverse relations added");
            Path file = tmp.resolve("rgcn" + bases + ".safetensors");
            c.save(file);
            assertTrue(Files.size(file) > 0);
            assertEquals(c.model().config(), RGCN.Config.fromJson(ModelFile.read(file).config()));
        }
    }

    @Test
    void badInputIsNamed() {
        int[] labels = new int[60];
        RelationalGraph g = graph(labels);
        EntityClassifier c = new EntityClassifier();
        var e = assertThrows(IllegalArgumentException.class, () -> c.fit(g, new int[] {0, 1}, new int[] {0},
                new int[0], new int[0], null));
        assertTrue(e.getMessage().contains("2 training nodes but 1 labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.fit(g, new int[] {0, 64}, new int[] {0, 1},
                new int[0], new int[0], null));
        assertTrue(e.getMessage().contains("node 64 is outside"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.fit(g, new int[] {0, 1}, new int[] {0, 0},
                new int[0], new int[0], null));
        assertTrue(e.getMessage().contains("two classes"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> c.accuracy(new int[] {0}, new int[] {0}));
    }
}
