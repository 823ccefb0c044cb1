package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.erlangen.mesh.MeshGraph;
import org.erlangen.mesh.MeshGraphs;
import org.erlangen.mesh.VertexFrames;
import org.erlangen.mesh.io.MeshIO;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Comparison;
import org.erlangen.testing.Equivariance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * On every closed CGAL example mesh: turn every vertex frame by a random angle, recompute the geometry from the
 * turned frames, and check through the symmetry kit that a GEM convolution, pooling, unpooling and the invariant
 * readout transform as they must, in float64.
 */
class CgalGaugeEquivarianceTest {
    private static final Irreps TYPE = Irreps.parse("1x0+1x1+1x2");

    @Test
    void convolutionPoolingAndReadoutAreGaugeEquivariantOnEveryClosedMesh() throws IOException {
        List<Path> files = TestGeometry.cgalClosedMeshes();
        assertEquals(41, files.size());
        GemConv conv = new GemConv(TYPE, TYPE, RadialRings.defaults(), true, new Random(1), DataType.DOUBLE);
        InvariantReadout readout = new InvariantReadout(TYPE);
        List<String> failures = new ArrayList<>();
        double worstConv = 0;
        double worstPool = 0;
        double worstReadout = 0;
        for (Path file : files) {
            MeshGraph mesh = MeshGraphs.build(MeshIO.read(file), MeshGraphs.Options.defaults()
                    .with(DataType.DOUBLE));
            double[] positions = mesh.halfEdges().mesh().positions();
            int n = mesh.graph().numNodes();
            long seed = file.getFileName().toString().hashCode();
            VertexFrames frames = mesh.geometry().frames();
            GaugeGraph g = GaugeGraph.of(mesh);
            GaugeChanges<GaugeGraph> turnedFrames = GaugeChanges.of(conv).regaugedBy("turned frames", (graph, alpha) ->
                    GaugeGraph.fromFrames(mesh.graph(), positions, TestGeometry.turned(frames, alpha)));
            double convError = Equivariance.compare(turnedFrames,
                    GaugeChanges.onRandomFeatures(conv, g, DataType.DOUBLE, seed).withSeed(seed)).worstAbsolute();

            MeshHierarchy.Spec spec = new MeshHierarchy.Spec(2, 0.25, 2);
            MeshHierarchy h = MeshHierarchy.build(g, positions, frames, spec);
            var turned = PoolingTest.turnedFrames(mesh.graph(), positions, frames, spec);
            double poolError = 0;
            for (Comparison c : PoolingTest.comparisons(h, PoolingTest.TYPE, changes -> changes.regaugedBy(
                    "turned frames", turned), DataType.DOUBLE, seed)) {
                poolError = Math.max(poolError, c.worstAbsolute());
            }

            INDArray x = GaugeChanges.randomFeatures(TYPE, n, new Random(seed));
            Segments one = h.nodes(0);
            double readoutError = Equivariance.compareInvariant(GaugeChanges.of(TYPE, TYPE), Case.of(
                    new Gauged<>(g, x), in -> readout.forward(Tensor.constant(in.features()), one)).withSeed(seed))
                    .worstAbsolute();

            worstConv = Math.max(worstConv, convError);
            worstPool = Math.max(worstPool, poolError);
            worstReadout = Math.max(worstReadout, readoutError);
            if (!(convError <= 1e-9 && poolError <= 1e-9 && readoutError <= 1e-9)) {
                failures.add(String.format(Locale.ROOT, "%s: conv %.2e, pool %.2e, readout %.2e",
                        file.getFileName(), convError, poolError, readoutError));
            }
        }
        System.out.printf(Locale.ROOT, "CGAL closed meshes: worst gauge equivariance error conv %.2e, pool/unpool "
                + "%.2e, readout %.2e%n", worstConv, worstPool, worstReadout);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
