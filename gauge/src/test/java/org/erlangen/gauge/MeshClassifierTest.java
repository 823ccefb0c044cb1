package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshClassifierTest {
    @TempDir
    Path tmp;

    /** Spheres, cubes and tori at random resolution, scale and noise. */
    private static TriangleMesh shape(int label, SplittableRandom r) {
        TriangleMesh m = switch (label) {
            case 0 -> MeshGenerators.uvSphere(1, r.nextInt(6, 10), r.nextInt(10, 16));
            case 1 -> MeshGenerators.cube(1, r.nextInt(3, 6));
            default -> MeshGenerators.torus(1, 0.3 + 0.15 * r.nextDouble(), r.nextInt(14, 22), r.nextInt(6, 10));
        };
        m = MeshTransforms.normalNoise(m, 0.01 * r.nextDouble(), r.nextLong());
        return MeshTransforms.randomScale(m, 0.5, 2, r.nextLong());
    }

    @Test
    void learnsToTellShapesApartWhateverTheirPose() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        List<TriangleMesh> train = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<TriangleMesh> test = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int label = i % 3;
            train.add(shape(label, r));
            trainLabels.add(label);
        }
        for (int i = 0; i < 12; i++) {
            int label = i % 3;
            test.add(MeshTransforms.randomRotation(shape(label, r), r.nextLong()));
            testLabels.add(label);
        }
        int[] y = trainLabels.stream().mapToInt(Integer::intValue).toArray();
        int[] yTest = testLabels.stream().mapToInt(Integer::intValue).toArray();
        List<Double> losses = new ArrayList<>();
        MeshClassifier c = MeshClassifier.builder().channels(4).maxOrder(1).samples(5).coarseLevels(1).ratio(0.3)
                .headHidden(16).epochs(12).batchSize(6).learningRate(0.01).seed(2)
                .train(train, y, test.subList(0, 6), java.util.Arrays.copyOf(yTest, 6),
                        epoch -> losses.add(epoch.loss()));
        assertEquals(12, losses.size());
        assertTrue(losses.get(11) < 0.5 * losses.get(0), "loss did not fall: " + losses);
        double accuracy = c.accuracy(test, yTest);
        assertTrue(accuracy >= 0.9, "accuracy on rotated unseen meshes " + accuracy);
        assertEquals(c.classify(test).length, 12);
        assertEquals(c.classify(test)[3], c.classify(test.get(3)));

        Path file = tmp.resolve("classifier.safetensors");
        c.save(file);
        MeshClassifier loaded = MeshClassifier.load(file);
        assertArrayEquals(c.classify(test), loaded.classify(test));
        assertArrayEquals(c.logits(test.get(0)), loaded.logits(test.get(0)), 1e-6);
    }

    @Test
    void badTrainingInputIsNamed() {
        List<TriangleMesh> meshes = List.of(MeshGenerators.icosphere(1, 1), MeshGenerators.cube(1, 2));
        var b = MeshClassifier.builder().epochs(1);
        var e = assertThrows(IllegalArgumentException.class, () -> b.train(meshes, new int[] {0}));
        assertTrue(e.getMessage().contains("2 training meshes but 1 labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.train(meshes, new int[] {0, 0}));
        assertTrue(e.getMessage().contains("two classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.train(meshes, new int[] {0, -1}));
        assertTrue(e.getMessage().contains("label 1 is -1"), e.getMessage());
        TriangleMesh open = MeshGenerators.grid(3, 3, 1);
        TriangleMesh broken = TriangleMesh.of(new double[] {0, 0, 0, 1, 0, 0, 0, 1, 0, 5, 5, 5},
                new int[] {0, 1, 2});
        e = assertThrows(IllegalArgumentException.class, () -> b.train(List.of(open, broken), new int[] {0, 1}));
        assertTrue(e.getMessage().contains("mesh 1"), e.getMessage());
    }
}
