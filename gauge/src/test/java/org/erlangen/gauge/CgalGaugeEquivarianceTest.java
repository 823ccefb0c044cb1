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
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * On every closed CGAL example mesh: turn every vertex frame by a random angle, recompute the geometry from the
 * turned frames, and check that a GEM convolution, pooling, unpooling and the invariant readout transform as they
 * must, in float64.
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
            Random random = new Random(file.getFileName().toString().hashCode());
            double[] alpha = GaugeEquivariance.randomAngles(n, random);
            VertexFrames turnedFrames = TestGeometry.turned(mesh.geometry().frames(), alpha);
            GaugeGraph g = GaugeGraph.of(mesh);
            GaugeGraph turned = GaugeGraph.fromFrames(mesh.graph(), positions, turnedFrames);
            INDArray x = GaugeEquivariance.randomFeatures(TYPE, n, random);
            double convError = GaugeEquivariance.error(conv, g, turned, alpha, x);

            MeshHierarchy.Spec spec = new MeshHierarchy.Spec(2, 0.25, 2);
            MeshHierarchy h = MeshHierarchy.build(g, positions, mesh.geometry().frames(), spec);
            MeshHierarchy ht = MeshHierarchy.build(turned, positions, turnedFrames, spec);
            double[] poolErrors = PoolingTest.equivarianceErrors(h, ht, alpha, random);
            double poolError = Math.max(poolErrors[0], poolErrors[1]);

            Segments one = h.nodes(0);
            INDArray r = readout.forward(Tensor.constant(x), one).data();
            INDArray rt = readout.forward(TYPE.rotate(Tensor.constant(x), GaugeEquivariance.negate(alpha)), one)
                    .data();
            double readoutError = GaugeEquivariance.maxAbsDifference(r, rt);

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
