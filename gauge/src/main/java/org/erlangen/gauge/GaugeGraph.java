package org.erlangen.gauge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.mesh.MeshGeometry;
import org.erlangen.mesh.MeshGraph;
import org.erlangen.mesh.VertexFrames;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;

/**
 * A graph with the gauge geometry a {@link GemConv} needs, precomputed once into plain float64 arrays in the graph's
 * stored edge order: for edge e from q = sender to p = receiver, the log-map angle {@code theta_pq} of q in p's
 * frame, the connection angle {@code g_{q->p}} (a tangent vector at angle phi in q's frame lies at phi + g in p's
 * frame after transport, see {@link MeshGeometry}), and the edge length in the graph's length unit.
 *
 * <p>The length unit of a mesh or point level is its mean edge length, so ring radii ({@link RadialRings}) mean the
 * same on a mesh and on a scaled copy. Immutable; the trigonometric tables and ring weights derived from the arrays
 * are computed on first use and cached.
 */
public final class GaugeGraph {
    private final Graph graph;
    private final double[] radius;
    private final double[] angle;
    private final double[] connection;
    private final Map<RadialRings, double[]> ringWeights = new HashMap<>();
    private RowAngles transportIn;
    private RowAngles rotateOut;

    /**
     * A gauge graph from arrays in {@code graph}'s stored edge order (copied).
     *
     * @param radius edge lengths, already in the unit of the kernel's rings
     * @param angle theta of the sender in the receiver's frame
     * @param connection g_{sender -> receiver}
     */
    public static GaugeGraph of(Graph graph, double[] radius, double[] angle, double[] connection) {
        int e = graph.numEdges();
        if (radius.length != e || angle.length != e || connection.length != e) {
            throw new IllegalArgumentException("graph has " + e + " edges but " + radius.length + " radii, "
                    + angle.length + " angles and " + connection.length + " connection angles");
        }
        for (int k = 0; k < e; k++) {
            if (!Double.isFinite(radius[k]) || radius[k] < 0 || !Double.isFinite(angle[k])
                    || !Double.isFinite(connection[k])) {
                throw new IllegalArgumentException("edge " + k + " has radius " + radius[k] + ", angle " + angle[k]
                        + ", connection " + connection[k] + "; all must be finite and the radius >= 0");
            }
        }
        return new GaugeGraph(graph, radius.clone(), angle.clone(), connection.clone());
    }

    private GaugeGraph(Graph graph, double[] radius, double[] angle, double[] connection) {
        this.graph = graph;
        this.radius = radius;
        this.angle = angle;
        this.connection = connection;
    }

    /**
     * The mesh's graph (with whatever node features it was built with) and its geometry, radii in units of the mean
     * edge length.
     */
    public static GaugeGraph of(MeshGraph mesh) {
        MeshGeometry g = mesh.geometry();
        if (mesh.graph().numEdges() != g.edgeCount()) {
            throw new IllegalArgumentException("graph has " + mesh.graph().numEdges() + " edges, geometry "
                    + g.edgeCount());
        }
        return new GaugeGraph(mesh.graph(), normalised(g.radius()), g.angle().clone(), g.connection().clone());
    }

    /** A graph over the geometry's edges alone (no node features), radii in units of the mean edge length. */
    public static GaugeGraph of(MeshGeometry geometry) {
        Graph graph = Graph.builder(geometry.vertexCount()).edges(geometry.senders(), geometry.receivers()).build();
        return new GaugeGraph(graph, normalised(geometry.radius()), geometry.angle().clone(),
                geometry.connection().clone());
    }

    /**
     * The geometry of any graph over points with tangent frames (a coarse level of a mesh, a point cloud): for
     * edge q -> p, theta = the angle of q - p in p's tangent plane, g = {@link VertexFrames#connection} from q's
     * frame to p's, radii in units of the mean edge length. On a mesh's own edges and frames this is exactly the
     * geometry of {@link MeshGeometry}.
     *
     * @param positions flat n x 3
     */
    public static GaugeGraph fromFrames(Graph graph, double[] positions, VertexFrames frames) {
        int n = graph.numNodes();
        if (positions.length != 3 * n || frames.count() != n) {
            throw new IllegalArgumentException("graph has " + n + " nodes but " + positions.length / 3
                    + " positions and " + frames.count() + " frames");
        }
        int[] s = graph.senders();
        int[] r = graph.receivers();
        double[] rad = new double[s.length];
        double[] ang = new double[s.length];
        double[] con = new double[s.length];
        for (int e = 0; e < s.length; e++) {
            int q = s[e];
            int p = r[e];
            double dx = positions[3 * q] - positions[3 * p];
            double dy = positions[3 * q + 1] - positions[3 * p + 1];
            double dz = positions[3 * q + 2] - positions[3 * p + 2];
            rad[e] = Math.sqrt(dx * dx + dy * dy + dz * dz);
            ang[e] = frames.angle(p, dx, dy, dz);
            con[e] = VertexFrames.connection(frames, q, frames, p);
        }
        return new GaugeGraph(graph, normalised(rad), ang, con);
    }

    private static double[] normalised(double[] lengths) {
        double sum = 0;
        for (double l : lengths) {
            sum += l;
        }
        double mean = lengths.length == 0 ? 1 : sum / lengths.length;
        double[] out = new double[lengths.length];
        for (int e = 0; e < out.length; e++) {
            out[e] = mean > 0 ? lengths[e] / mean : 0;
        }
        return out;
    }

    /**
     * The same graph seen in other gauges: every vertex frame turned by {@code alpha[v]} (counter-clockwise about
     * the normal). A vector at angle phi in the old frame of v is at phi - alpha_v in the new one, so
     * {@code theta_pq -> theta_pq - alpha_p}, and {@code g_{q->p} -> g_{q->p} + alpha_q - alpha_p} (a vector at
     * phi' in q's new frame is at phi' + alpha_q in q's old frame, phi' + alpha_q + g in p's old frame, and so at
     * phi' + alpha_q + g - alpha_p in p's new frame). Features change as {@code f_v -> rho(-alpha_v) f_v}.
     */
    public GaugeGraph withGauge(double[] alpha) {
        if (alpha.length != graph.numNodes()) {
            throw new IllegalArgumentException(alpha.length + " gauge angles for " + graph.numNodes() + " nodes");
        }
        int[] s = graph.senders();
        int[] r = graph.receivers();
        double[] ang = new double[angle.length];
        double[] con = new double[angle.length];
        for (int e = 0; e < ang.length; e++) {
            ang[e] = angle[e] - alpha[r[e]];
            con[e] = connection[e] + alpha[s[e]] - alpha[r[e]];
        }
        return new GaugeGraph(graph, radius, ang, con);
    }

    /** Disjoint graphs as one, in list order, and the nodes of each. */
    public record Batch(GaugeGraph graph, Segments nodes) {
    }

    /**
     * Joins graphs into one (graph-core's {@link GraphBatch}: node i of graph k becomes node offset_k + i, edges
     * keep their order), with their geometry arrays concatenated to match.
     */
    public static Batch batch(List<GaugeGraph> graphs) {
        if (graphs.isEmpty()) {
            throw new IllegalArgumentException("cannot batch an empty list of gauge graphs");
        }
        List<Graph> parts = new ArrayList<>(graphs.size());
        int edges = 0;
        for (GaugeGraph g : graphs) {
            parts.add(g.graph);
            edges += g.edgeCount();
        }
        GraphBatch b = GraphBatch.of(parts);
        double[] rad = new double[edges];
        double[] ang = new double[edges];
        double[] con = new double[edges];
        int at = 0;
        for (GaugeGraph g : graphs) {
            System.arraycopy(g.radius, 0, rad, at, g.edgeCount());
            System.arraycopy(g.angle, 0, ang, at, g.edgeCount());
            System.arraycopy(g.connection, 0, con, at, g.edgeCount());
            at += g.edgeCount();
        }
        return new Batch(new GaugeGraph(b.graph(), rad, ang, con), b.nodesPerGraph());
    }

    public Graph graph() {
        return graph;
    }

    /** Rows receive, columns send: entry e is edge e. */
    public Csr adjacency() {
        return graph.adjacency();
    }

    public int nodeCount() {
        return graph.numNodes();
    }

    public int edgeCount() {
        return graph.numEdges();
    }

    /** A copy of the edge lengths in the graph's length unit. */
    public double[] radius() {
        return radius.clone();
    }

    /** A copy of theta_pq per edge. */
    public double[] angle() {
        return angle.clone();
    }

    /** A copy of g_{q->p} per edge. */
    public double[] connection() {
        return connection.clone();
    }

    /** Tables of {@code g_{q->p} - theta_pq}: transport to p, then turn the edge direction onto p's x-axis. */
    synchronized RowAngles transportIn(int maxOrder) {
        if (transportIn == null || transportIn.maxOrder() < maxOrder) {
            double[] a = new double[angle.length];
            for (int e = 0; e < a.length; e++) {
                a[e] = connection[e] - angle[e];
            }
            transportIn = RowAngles.of(a, maxOrder);
        }
        return transportIn;
    }

    /** Tables of {@code theta_pq}: turn back from the edge direction to p's frame. */
    synchronized RowAngles rotateOut(int maxOrder) {
        if (rotateOut == null || rotateOut.maxOrder() < maxOrder) {
            rotateOut = RowAngles.of(angle, maxOrder);
        }
        return rotateOut;
    }

    /**
     * Per edge, the {@code rings.count()} ring weights divided by the receiver's in-degree (so a message is a mean
     * over the neighbours), flat E x count.
     */
    synchronized double[] ringWeights(RadialRings rings) {
        return ringWeights.computeIfAbsent(rings, k -> {
            int[] degree = graph.inDegrees();
            int[] receivers = graph.adjacency().rowOfEntries();
            double[] w = new double[radius.length * k.count()];
            for (int e = 0; e < radius.length; e++) {
                k.weights(radius[e], w, e * k.count());
                double inv = 1.0 / degree[receivers[e]];
                for (int i = 0; i < k.count(); i++) {
                    w[e * k.count() + i] *= inv;
                }
            }
            return w;
        });
    }
}
