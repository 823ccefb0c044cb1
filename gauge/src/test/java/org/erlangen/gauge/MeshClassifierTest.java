package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.erlangen.io.ModelFile;
import org.erlangen.mesh.MeshGraphs;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;
import org.erlangen.mesh.io.MeshDataset;
import org.erlangen.mesh.io.MeshIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

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

    @Test
    void trainsOnAFolderOfMeshFilesWithHeatKernelFeatures() throws Exception {
        // the README's route: files in class folders, read as a dataset, a classifier trained, saved and loaded
        Path root = tmp.resolve("shapes");
        SplittableRandom r = new SplittableRandom(4);
        String[] names = {"ball", "box", "ring"};
        for (int i = 0; i < 24; i++) {
            int label = i % 3;
            String split = i < 18 ? "train" : "test";
            Path file = root.resolve(names[label]).resolve(split).resolve("m" + i + (i % 2 == 0 ? ".obj" : ".off"));
            Files.createDirectories(file.getParent());
            MeshIO.write(MeshTransforms.randomRotation(shape(label, r), r.nextLong()), file);
        }
        MeshDataset data = MeshDataset.read(root, MeshDataset.OnError.FAIL);
        List<MeshDataset.Entry> train = data.entries(MeshDataset.Split.TRAIN);
        List<MeshDataset.Entry> test = data.entries(MeshDataset.Split.TEST);
        MeshClassifier c = MeshClassifier.builder().channels(4).maxOrder(1).samples(5).coarseLevels(1).ratio(0.3)
                .headHidden(16).epochs(10).batchSize(6).learningRate(0.01).weightDecay(1e-4).labelSmoothing(0.1)
                .augment(1, 0.1).features(MeshGraphs.NodeFeatures.HEAT_KERNEL).seed(3)
                .train(MeshDataset.meshes(train), MeshDataset.labels(train));
        assertEquals(MeshGraphs.NodeFeatures.HEAT_KERNEL.width(), c.model().config().inputs());
        double accuracy = c.accuracy(MeshDataset.meshes(test), MeshDataset.labels(test));
        assertTrue(accuracy >= 5.0 / 6, "accuracy on unseen files " + accuracy);
        Path file = tmp.resolve("heat.safetensors");
        c.save(file);
        MeshClassifier loaded = MeshClassifier.load(file);
        assertEquals(MeshGraphs.NodeFeatures.HEAT_KERNEL, loaded.features());
        TriangleMesh one = MeshIO.read(root.resolve(test.get(0).file()));
        assertArrayEquals(c.logits(one), loaded.logits(one), 1e-6);
    }

    @Test
    void aModelFileWhoseFeaturesDoNotFitItsInputIsRefused() throws Exception {
        GemModelConfig config = MeshClassifier.builder().channels(2).maxOrder(1).samples(5).coarseLevels(1)
                .headHidden(4).config(3);
        GemMeshModel model = new GemMeshModel(config, 1, DataType.FLOAT);
        Path wrong = tmp.resolve("wrong.safetensors");
        JsonObject json = config.toJson();
        json.addProperty("features", "heat_kernel");
        ModelFile.save(wrong, model, json);
        var e = assertThrows(IllegalArgumentException.class, () -> MeshClassifier.load(wrong));
        assertTrue(e.getMessage().contains("16 values per vertex but the model takes 3"), e.getMessage());
        json.addProperty("features", "xyz-ish");
        ModelFile.save(wrong, model, json);
        e = assertThrows(IllegalArgumentException.class, () -> MeshClassifier.load(wrong));
        assertTrue(e.getMessage().contains("unknown vertex features 'xyz-ish'"), e.getMessage());
        // files written before the features were recorded read as the invariant ones
        Path old = tmp.resolve("old.safetensors");
        ModelFile.save(old, model, config.toJson());
        assertEquals(MeshGraphs.NodeFeatures.INVARIANT, MeshClassifier.load(old).features());
    }
}
