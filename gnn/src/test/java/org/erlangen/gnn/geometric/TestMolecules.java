package org.erlangen.gnn.geometric;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Random small 3D molecules for the tests of the geometric models. */
final class TestMolecules {
    private TestMolecules() {
    }

    /** Atoms in a box of side {@code box}, at least 0.8 apart, with random types; one row per atom. */
    static double[][] randomPositions(int atoms, double box, Random random) {
        double[][] p = new double[atoms][];
        for (int i = 0; i < atoms; i++) {
            boolean ok;
            do {
                p[i] = new double[] {box * random.nextDouble(), box * random.nextDouble(), box * random.nextDouble()};
                ok = true;
                for (int j = 0; j < i; j++) {
                    ok &= distance(p[i], p[j]) > 0.8;
                }
            } while (!ok);
        }
        return p;
    }

    static int[] randomTypes(int atoms, int types, Random random) {
        int[] t = new int[atoms];
        for (int i = 0; i < atoms; i++) {
            t[i] = random.nextInt(types);
        }
        return t;
    }

    /** A radius graph over the atoms, with the type index as node feature and {@code energy} as graph target. */
    static Graph graph(double[][] positions, int[] types, double cutoff, double energy, DataType dtype) {
        RadiusGraph.Edges e = RadiusGraph.of(positions, cutoff);
        INDArray typeColumn = Nd4j.createFromArray(types).reshape(types.length, 1);
        return Graph.builder(types.length).edges(e.senders(), e.receivers()).nodeFeatures(typeColumn)
                .positions(Nd4j.createFromArray(positions).castTo(dtype))
                .graphTargets(Nd4j.createFromArray(new double[] {energy}).castTo(dtype)).build();
    }

    static GraphBatch batch(Graph... graphs) {
        return GraphBatch.of(List.of(graphs));
    }

    /** {@code R p + t} for every row p: a linear map of the atoms, such as a stretch. */
    static double[][] move(double[][] positions, double[][] rotation, double[] translation) {
        double[][] out = new double[positions.length][3];
        for (int i = 0; i < positions.length; i++) {
            for (int r = 0; r < 3; r++) {
                double s = translation[r];
                for (int c = 0; c < 3; c++) {
                    s += rotation[r][c] * positions[i][c];
                }
                out[i][r] = s;
            }
        }
        return out;
    }

    static double[][] rows(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    static double maxAbsDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    static List<Graph> randomGraphs(int count, int types, double cutoff, DataType dtype, Random random) {
        List<Graph> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int n = 3 + random.nextInt(4);
            out.add(graph(randomPositions(n, 3.0, random), randomTypes(n, types, random), cutoff, 0.0, dtype));
        }
        return out;
    }

    /**
     * Runs {@code body} with ND4J limited to one thread, then restores its setting. Tiny molecules make tensors of a
     * few hundred values, for which waking a second thread costs more than the work (ten times the wall time on a
     * busy 2-core machine).
     */
    static void singleThreaded(Runnable body) {
        var env = Nd4j.getEnvironment();
        int threads = env.maxThreads();
        int masterThreads = env.maxMasterThreads();
        env.setMaxThreads(1);
        env.setMaxMasterThreads(1);
        try {
            body.run();
        } finally {
            env.setMaxThreads(threads);
            env.setMaxMasterThreads(masterThreads);
        }
    }

    private static double distance(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
