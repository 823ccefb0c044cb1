package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.erlangen.mesh.MeshGraphs;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Group;
import org.erlangen.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GemMeshModelTest {
    private static MeshClassifier.Prepared prepare(TriangleMesh mesh, GemModelConfig config, DataType dtype) {
        return MeshClassifier.prepare(mesh, MeshGraphs.NodeFeatures.INVARIANT, config, dtype);
    }

    @TempDir
    Path tmp;

    private static GemModelConfig config(int channels, int maxOrder, String activation) {
        return new GemModelConfig(3, channels, maxOrder, 2, 0.25, 1, 1, 2, 0.5, 1.5, 7, activation, 16, 4, 5);
    }

    private static INDArray logits(GemMeshModel model, TriangleMesh mesh) {
        MeshClassifier.Prepared p = prepare(mesh, model.config(), model.dtype());
        return model.forward(p.hierarchy(), Tensor.constant(model.standardise(p.features()))).data();
    }

    private static GemMeshModel model(GemModelConfig config, long seed) {
        return model(config, seed, DataType.DOUBLE);
    }

    private static GemMeshModel model(GemModelConfig config, long seed, DataType dtype) {
        GemMeshModel model = new GemMeshModel(config, seed, dtype);
        // some standardisation, so it takes part
        model.fitStandardisation(prepare(TestGeometry.bumpySphere(2, 1), config, dtype).features());
        return model;
    }

    /** Rotations of the whole mesh: the frames turn with it, so the logits must not change. */
    private static Group<TriangleMesh> rotations() {
        return Group.of("rotations of the mesh", (mesh, random) -> {
            long seed = random.nextLong();
            return Group.Element.of("the rotation of seed " + seed, m -> MeshTransforms.randomRotation(m, seed),
                    y -> y);
        });
    }

    /** Scaling by a factor in [0.5, 4) and a translation: the input features and rings follow the mean edge length. */
    private static Group<TriangleMesh> scalingsAndMoves() {
        return Group.of("scalings and translations of the mesh", (mesh, random) -> {
            double factor = 0.5 + 3.5 * random.nextDouble();
            double[] t = {2 * random.nextGaussian(), 2 * random.nextGaussian(), 2 * random.nextGaussian()};
            return Group.Element.of(String.format(Locale.ROOT, "scale %.3f, move [%.3f, %.3f, %.3f]", factor, t[0],
                    t[1], t[2]), m -> MeshTransforms.translate(MeshTransforms.scale(m, factor), t[0], t[1], t[2]),
                    y -> y);
        });
    }

    @Test
    void logitsDoNotChangeWhenTheMeshIsRotatedMovedOrScaled() {
        List<TriangleMesh> meshes = List.of(
                MeshTransforms.normalNoise(MeshGenerators.torus(1, 0.4, 24, 12), 0.01, 3),
                MeshTransforms.normalNoise(MeshGenerators.cube(1, 5), 0.005, 4),
                TestGeometry.bumpySphere(3, 5));
        for (DataType dtype : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            GemMeshModel model = model(config(4, 2, "relu"), 2, dtype);
            Tolerance tolerance = dtype == DataType.DOUBLE ? Tolerance.absolute(1e-6) : Tolerance.exact(dtype);
            long seed = 6;
            for (TriangleMesh mesh : meshes) {
                Case<TriangleMesh> logits = Case.ofArray(mesh, m -> logits(model, m)).named("the logits of " + mesh)
                        .withSeed(seed++);
                Equivariance.assertInvariant(rotations(), logits, tolerance);
                Equivariance.assertInvariant(rotations().then(scalingsAndMoves()), logits, tolerance);
                assertTrue(logits(model, mesh).amaxNumber().doubleValue() > 1e-3, "logits are not trivially zero");
            }
        }
    }

    /** The model's logits on a mesh, for gauge changes of its level-0 frames; the inputs are scalars. */
    private static Case<Gauged<MeshHierarchy>> gaugedLogits(GemMeshModel model, TriangleMesh mesh) {
        MeshClassifier.Prepared p = prepare(mesh, model.config(), model.dtype());
        return Case.of(new Gauged<>(p.hierarchy(), model.standardise(p.features())),
                in -> model.forward(in.geometry(), Tensor.constant(in.features()))).named("the logits");
    }

    private static GaugeChanges<MeshHierarchy> gaugeChanges(GemModelConfig config) {
        Irreps inputs = Irreps.scalars(config.inputs());
        return GaugeChanges.between(inputs, 0, inputs, 0);
    }

    @Test
    void underAGaugeChangeTheLogitsMoveLessAsTheNonlinearitySamplesMore() {
        TriangleMesh mesh = MeshTransforms.normalNoise(MeshGenerators.torus(1, 0.35, 24, 12), 0.01, 15);
        int[] samples = {8, 16, 32};
        double[] errors = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            GemModelConfig config = new GemModelConfig(3, 4, 2, 2, 0.25, 1, 1, 2, 0.5, 1.5, samples[i], "relu", 16,
                    4, 0);
            errors[i] = Equivariance.compareInvariant(gaugeChanges(config),
                    gaugedLogits(model(config, 16), mesh).withSeed(17)).worstAbsolute();
        }
        assertTrue(errors[1] < errors[0] && errors[2] < errors[1] && errors[2] < 1e-3,
                java.util.Arrays.toString(errors));
    }

    @Test
    void logitsAreInvariantToGaugeChangesByMultiplesOfTheSampleSpacing() {
        // every layer is exactly equivariant to these turns, the sampled nonlinearity included
        TriangleMesh mesh = MeshTransforms.normalNoise(MeshGenerators.torus(1, 0.35, 24, 12), 0.01, 19);
        GemModelConfig config = config(4, 2, "relu");
        Equivariance.assertInvariant(gaugeChanges(config).inMultiplesOf(config.samples()),
                dtype -> gaugedLogits(model(config, 20, dtype), mesh));
    }

    @Test
    void aDifferentShapeGivesDifferentLogits() {
        GemMeshModel model = model(config(4, 2, "relu"), 7);
        INDArray sphere = logits(model, TestGeometry.bumpySphere(2, 8));
        INDArray cube = logits(model, MeshTransforms.normalNoise(MeshGenerators.cube(1, 6), 0.005, 9));
        assertTrue(sphere.sub(cube).amaxNumber().doubleValue() > 1e-3);
    }

    @Test
    void parameterGradientsMatchFiniteDifferences() {
        GemModelConfig config = new GemModelConfig(3, 1, 1, 1, 0.3, 1, 1, 2, 0.5, 1.5, 5, "silu", 3, 2, 10);
        GemMeshModel model = model(config, 11);
        MeshClassifier.Prepared p = prepare(TestGeometry.bumpySphere(1, 12), config,
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
                prepare(mesh, config, DataType.DOUBLE).hierarchy(),
                Tensor.constant(loaded.model().standardise(prepare(mesh, config, DataType.DOUBLE)
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
