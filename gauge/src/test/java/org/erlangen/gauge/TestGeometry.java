package org.erlangen.gauge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.erlangen.graph.Graph;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.mesh.MeshGraph;
import org.erlangen.mesh.MeshGraphs;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.VertexFrames;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;
import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.api.buffer.DataType;

/** Geometry for the gauge tests: random gauge graphs, small meshes, the CGAL meshes. */
final class TestGeometry {
    private TestGeometry() {
    }

    /** A random directed graph with random radii, log-map angles and connection angles (no surface behind them). */
    static GaugeGraph randomGaugeGraph(int n, int m, long seed) {
        Graph g = RandomGraphs.of(n, m).seed(seed).build();
        Random random = new Random(seed + 1);
        int e = g.numEdges();
        double[] radius = new double[e];
        double[] angle = new double[e];
        double[] connection = new double[e];
        for (int k = 0; k < e; k++) {
            radius[k] = 0.2 + 1.8 * random.nextDouble();
            angle[k] = Math.PI * (2 * random.nextDouble() - 1);
            connection[k] = Math.PI * (2 * random.nextDouble() - 1);
        }
        return GaugeGraph.of(g, radius, angle, connection);
    }

    /** A bumpy sphere: an icosphere with normal noise, so no two distances tie. */
    static TriangleMesh bumpySphere(int subdivisions, long seed) {
        return MeshTransforms.normalNoise(MeshGenerators.icosphere(1, subdivisions), 0.03, seed);
    }

    static MeshGraph meshGraph(TriangleMesh mesh, DataType dtype) {
        return MeshGraphs.build(mesh, MeshGraphs.Options.defaults().with(MeshGraphs.NodeFeatures.INVARIANT)
                .with(dtype));
    }

    /** The frames turned by alpha_v about their normals: x' = cos a x + sin a y. */
    static VertexFrames turned(VertexFrames frames, double[] alpha) {
        double[] x = frames.xAxes();
        double[] y = frames.yAxes();
        double[] d = new double[x.length];
        for (int v = 0; v < alpha.length; v++) {
            for (int k = 0; k < 3; k++) {
                d[3 * v + k] = Math.cos(alpha[v]) * x[3 * v + k] + Math.sin(alpha[v]) * y[3 * v + k];
            }
        }
        return VertexFrames.fromDirections(frames.normals(), d);
    }

    /** The closed CGAL meshes (../../shared/data/cgal-meshes/closed from the module); skips if absent. */
    static List<Path> cgalClosedMeshes() throws IOException {
        Path root = Path.of("..", "..", "shared", "data", "cgal-meshes", "closed");
        Assumptions.assumeTrue(Files.isDirectory(root), "shared data " + root + " not present");
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.toString().endsWith(".off")).sorted().toList();
        }
    }

    /** The difference of two angles wrapped to (-pi, pi]. */
    static double wrap(double a) {
        double w = Math.IEEEremainder(a, 2 * Math.PI);
        return w == -Math.PI ? Math.PI : w;
    }
}
