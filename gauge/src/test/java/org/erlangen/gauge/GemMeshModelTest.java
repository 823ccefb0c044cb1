package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GemMeshModelTest {
    @TempDir
    Path tmp;

    private static GemModelConfig config(int channels, int maxOrder, String activation) {
        return new GemModelConfig(3, channels, maxOrder, 2, 0.25, 1, 1, 2, 0.5, 1.5, 7, activation, 16, 4, 5);
    }

    private static INDArray logits(GemMeshModel model, TriangleMesh mesh) {
        MeshClassifier.Prepared p = MeshClassifier.prepare(mesh, model.config(), model.dtype());
        return model.forward(p.hierarchy(), Tensor.constant(model.standardise(p.features()))).data();
    }

    private static GemMeshModel model(GemModelConfig config, long seed) {
        GemMeshModel model = new GemMeshModel(config, seed, DataType.DOUBLE);
        // some standardisation, so it takes part
        model.fitStandardisation(MeshClassifier.prepare(TestGeometry.bumpySphere(2, 1), config, DataType.DOUBLE)
                .features());
        return model;
    }

    @Test
    void logitsDoNotChangeWhenTheMeshIsRotatedMovedOrScaled() {
        GemMeshModel model = model(config(4, 2, "relu"), 2);
        List<TriangleMesh> meshes = List.of(
                MeshTransforms.normalNoise(MeshGenerators.torus(1, 0.4, 24, 12), 0.01, 3),
                MeshTransforms.normalNoise(MeshGenerators.cube(1, 5), 0.005, 4),
                TestGeometry.bumpySphere(3, 5));
        Random random = new Random(6);
        for (TriangleMesh mesh : meshes) {
            INDArray y = logits(model, mesh);
            TriangleMesh rotated = MeshTransforms.randomRotation(mesh, random.nextLong());
            double rotationError = GaugeEquivariance.maxAbsDifference(y, logits(model, rotated));
            assertTrue(rotationError <= 1e-6, mesh + ": rotation changed the logits by " + rotationError);
            TriangleMesh moved = MeshTransforms.translate(MeshTransforms.scale(rotated, 3.7), 1, -2, 0.5);
            double moveError = GaugeEquivariance.maxAbsDifference(y, logits(model, moved));
            assertTrue(moveError <= 1e-6, mesh + ": scaling and moving changed the logits by " + moveError);
            assertTrue(y.amaxNumber().doubleValue() > 1e-3, "logits are not trivially zero");
        }
    }

    @Test
    void underAGaugeChangeTheLogitsMoveLessAsTheNonlinearitySamplesMore() {
        TriangleMesh mesh = MeshTransforms.normalNoise(MeshGenerators.torus(1, 0.35, 24, 12), 0.01, 15);
        int[] samples = {8, 16, 32};
        double[] errors = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            GemModelConfig config = new GemModelConfig(3, 4, 2, 2, 0.25, 1, 1, 2, 0.5, 1.5, samples[i], "relu", 16,
                    4, 0);
            GemMeshModel model = model(config, 16);
            MeshClassifier.Prepared p = MeshClassifier.prepare(mesh, config, DataType.DOUBLE);
            Tensor x = Tensor.constant(model.standardise(p.features()));
            double[] alpha = GaugeEquivariance.randomAngles(p.hierarchy().level(0).nodeCount(), new Random(17));
            errors[i] = GaugeEquivariance.maxAbsDifference(model.forward(p.hierarchy(), x).data(),
                    model.forward(p.hierarchy().withGauge(alpha), x).data());
        }
        assertTrue(errors[1] < errors[0] && errors[2] < errors[1] && errors[2] < 1e-3,
                java.util.Arrays.toString(errors));
    }

    @Test
    void aDifferentShapeGivesDifferentLogits() {
        GemMeshModel model = model(config(4, 2, "relu"), 7);
        INDArray sphere = logits(model, TestGeometry.bumpySphere(2, 8));
        INDArray cube = logits(model, MeshTransforms.normalNoise(MeshGenerators.cube(1, 6), 0.005, 9));
        assertTrue(GaugeEquivariance.maxAbsDifference(sphere, cube) > 1e-3);
    }

    @Test
    void parameterGradientsMatchFiniteDifferences() {
        GemModelConfig config = new GemModelConfig(3, 1, 1, 1, 0.3, 1, 1, 2, 0.5, 1.5, 5, "silu", 3, 2, 10);
        GemMeshModel model = model(config, 11);
        MeshClassifier.Prepared p = MeshClassifier.prepare(TestGeometry.bumpySphere(1, 12), config,
                DataType.DOUBLE);
        Tensor x = Tensor.constant(model.standardise(p.features()));
        GradCheck.checkParameters(model, () -> model.forward(p.hierarchy(), x));
    }

    @Test
    void configAndParametersSurviveAModelFile() throws Exception {
        GemModelConfig config = config(3, 2, "relu");
        assertEquals(config, GemModelConfig.fromJson(config.toJson()));
        GemMeshModel model = model(config, 13);
        TriangleMesh mesh = TestGeometry.bumpySphere(2, 14);
        Path file = tmp.resolve("gem.safetensors");
        org.erlangen.io.ModelFile.save(file, model, config.toJson());
        MeshClassifier loaded = MeshClassifier.load(file);
        assertEquals(config, loaded.model().config());
        assertTrue(logits(model, mesh).equalsWithEps(loaded.model().forward(
                MeshClassifier.prepare(mesh, config, DataType.DOUBLE).hierarchy(),
                Tensor.constant(loaded.model().standardise(MeshClassifier.prepare(mesh, config, DataType.DOUBLE)
                        .features()))).data(), 1e-12));
    }

    @Test
    void badConfigsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new GemModelConfig(3, 4, 2, 2, 0.25, 1, 1, 2, 0.5, 1.5, 4, "relu", 16, 4, 0));
        assertTrue(e.getMessage().contains("at least 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GemModelConfig(3, 4, 2, 2, 1.5, 1, 1, 2, 0.5, 1.5, 7, "relu", 16, 4, 0));
        assertTrue(e.getMessage().contains("ratio"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GemModelConfig(3, 4, 2, 2, 0.25, 1, 1, 2, 0.5, 1.5, 7, "nope", 16, 4, 0));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        var json = config(2, 1, "relu").toJson();
        json.remove("samples");
        assertThrows(IllegalArgumentException.class, () -> GemModelConfig.fromJson(json));
    }
}
