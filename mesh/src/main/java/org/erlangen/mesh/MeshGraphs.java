package org.erlangen.mesh;

import java.util.Arrays;
import org.erlangen.graph.Graph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a mesh into a graph-core {@link Graph}: one node per vertex, both directions of every mesh edge (sender =
 * neighbour q, receiver = centre p, see {@link MeshGeometry}), node positions [n, 3], and edge features [E, 3] =
 * (log-map radius, log-map angle theta, connection angle g_{q->p}) in the graph's stored edge order. The edges are
 * handed to the graph already sorted by receiver, so {@code graph.edgeOrder()} is the identity.
 */
public final class MeshGraphs {
    /** Node features to attach. */
    public enum NodeFeatures {
        /** None (positions and edge features only). */
        NONE,
        /** The coordinates x, y, z (not rotation-invariant). */
        XYZ,
        /**
         * Rotation-, translation- and scale-invariant: vertex area over the mean vertex area, mean curvature times
         * s, Gaussian curvature times s^2, with s = sqrt(total area / 4 pi) (1 on a unit-area-normalised sphere).
         */
        INVARIANT,
        /**
         * The {@link HeatKernelSignature} at {@link #HEAT_KERNEL_TIMES} times
         * ({@link HeatKernelSignature#defaultTimes}): rotation-, translation- and scale-invariant like INVARIANT,
         * but also unchanged, nearly, when the shape bends without stretching (mean curvature is not), and seeing
         * beyond the vertex's own ring. Meshes of at most {@link HeatKernelSignature#MAX_VERTICES} vertices.
         */
        HEAT_KERNEL;

        /** Diffusion times of {@link #HEAT_KERNEL}. */
        public static final int HEAT_KERNEL_TIMES = 16;

        /** Features per vertex. */
        public int width() {
            return switch (this) {
                case NONE -> 0;
                case XYZ, INVARIANT -> 3;
                case HEAT_KERNEL -> HEAT_KERNEL_TIMES;
            };
        }
    }

    /**
     * @param nodeFeatures which node features to attach
     * @param dataType of the graph's arrays (the geometry record stays float64)
     * @param weighting of the vertex normals behind the frames
     */
    public record Options(NodeFeatures nodeFeatures, DataType dataType, NormalWeighting weighting) {
        public static Options defaults() {
            return new Options(NodeFeatures.NONE, DataType.FLOAT, NormalWeighting.AREA);
        }

        public Options with(NodeFeatures features) {
            return new Options(features, dataType, weighting);
        }

        public Options with(DataType type) {
            return new Options(nodeFeatures, type, weighting);
        }
    }

    private MeshGraphs() {
    }

    /** The graph with default options (float32, no node features). */
    public static Graph toGraph(TriangleMesh mesh) {
        return build(mesh, Options.defaults()).graph();
    }

    /**
     * The graph and its geometry.
     *
     * @throws IllegalArgumentException if the mesh is not a consistently oriented manifold or has a vertex in no face
     */
    public static MeshGraph build(TriangleMesh mesh, Options options) {
        HalfEdgeMesh halfEdges = HalfEdgeMesh.of(mesh);
        MeshGeometry geometry = MeshGeometry.of(halfEdges, options.weighting());
        int n = mesh.vertexCount();
        Graph.Builder b = Graph.builder(n)
                .edges(geometry.senders(), geometry.receivers())
                .positions(matrix(mesh.positionArray(), n, 3, options.dataType()))
                .edgeFeatures(matrix(geometry.edgeFeatures(), geometry.edgeCount(), 3, options.dataType()));
        switch (options.nodeFeatures()) {
            case XYZ -> b.nodeFeatures(matrix(mesh.positionArray(), n, 3, options.dataType()));
            case INVARIANT -> b.nodeFeatures(matrix(invariantFeatures(halfEdges), n, 3, options.dataType()));
            case HEAT_KERNEL -> b.nodeFeatures(matrix(HeatKernelSignature.of(mesh, HeatKernelSignature
                    .defaultTimes(NodeFeatures.HEAT_KERNEL_TIMES)), n, NodeFeatures.HEAT_KERNEL_TIMES,
                    options.dataType()));
            case NONE -> {
            }
        }
        return new MeshGraph(b.build(), geometry, halfEdges);
    }

    /** Per vertex (relative area, scaled mean curvature, scaled Gaussian curvature), flat (n x 3). */
    static double[] invariantFeatures(HalfEdgeMesh mesh) {
        TriangleMesh m = mesh.mesh();
        double[] area = MeshMeasures.vertexAreas(m);
        double total = Arrays.stream(area).sum();
        double mean = total / area.length;
        double s = Math.sqrt(total / (4 * Math.PI));
        double[] h = MeshCurvature.mean(m);
        double[] k = MeshCurvature.gaussian(mesh);
        double[] out = new double[3 * area.length];
        for (int v = 0; v < area.length; v++) {
            out[3 * v] = area[v] / mean;
            out[3 * v + 1] = h[v] * s;
            out[3 * v + 2] = k[v] * s * s;
        }
        return out;
    }

    private static INDArray matrix(double[] data, int rows, int cols, DataType type) {
        INDArray a = Nd4j.create(data.clone(), new long[] {rows, cols}, 'c');
        return type == DataType.DOUBLE ? a : a.castTo(type);
    }
}
