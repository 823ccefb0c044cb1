package org.erlangen.mesh;

import org.erlangen.primitives.LongIntMap;

/**
 * The geometry a gauge-equivariant mesh convolution needs, computed once per mesh in float64: a tangent frame and
 * an area per vertex, and per directed edge the log map of the neighbour and the connection angle.
 *
 * <p><b>Edges.</b> Edge {@code e} carries a message from the neighbour {@code q = senders[e]} to the centre
 * {@code p = receivers[e]}. Edges are sorted by receiver, and within one receiver follow its one-ring
 * counter-clockwise about the outward normal ({@link HalfEdgeMesh#oneRing(int)}): the edges into p are
 * {@code offsets[p] .. offsets[p+1]}, and the first of them comes from p's first ring neighbour. This is the order
 * in which graph-core's {@code Graph} stores edges (sorted by receiver, input order kept within a receiver), so
 * edge e here is entry e of {@code Graph.adjacency()} of {@link MeshGraphs#toGraph}. Both directions of every mesh
 * edge are present; {@code reverse[e]} is the edge p -> q.
 *
 * <p><b>Frames.</b> {@link VertexFrames}: n_p the area-weighted (by default) vertex normal, e1_p the direction to
 * p's first ring neighbour projected onto the tangent plane and normalised, e2_p = n_p x e1_p. Angles grow
 * counter-clockwise about n_p.
 *
 * <p><b>Log map.</b> For edge q -> p: v = (q - p) projected onto p's tangent plane and rescaled to length |q - p|;
 * {@code radius[e] = |q - p|}, {@code angle[e] = theta_pq = atan2(v . e2_p, v . e1_p)}, in (-pi, pi]. So the
 * first edge of every receiver has angle 0 (unless that neighbour lies along the normal, see
 * {@link VertexFrames#of}), and on a convex surface the angles of one receiver increase (mod 2 pi) along its edges.
 *
 * <p><b>Transport.</b> {@code connection[e] = g_{q->p}}: R is the minimal rotation taking n_q to n_p, and
 * g = atan2(R e1_q . e2_p, R e1_q . e1_p). A tangent vector at angle phi in q's frame is at angle phi + g_{q->p} in
 * p's frame after transport along the edge; hence g_{p->q} = -g_{q->p} (mod 2 pi), and a feature of SO(2) type
 * rho is transported to the receiver by rho(g_{q->p}). The holonomy of a closed loop of vertices p0 -> p1 -> ...
 * -> p0 is the sum of g along it; for a loop running counter-clockwise about the outward normal it approximates
 * the integral of the Gaussian curvature over the enclosed area (area / r^2 on a sphere of radius r).
 *
 * <p>The arrays are owned by the record; do not modify them.
 *
 * @param vertexCount n
 * @param senders neighbour q of each edge
 * @param receivers centre p of each edge (non-decreasing)
 * @param offsets n + 1 pointers into the edges by receiver
 * @param reverse for edge q -> p, the index of edge p -> q
 * @param frames tangent frames per vertex
 * @param vertexAreas barycentric area per vertex (one third of each adjacent face)
 * @param radius |q - p| per edge
 * @param angle log-map angle theta of q in p's frame per edge
 * @param connection g_{q->p} per edge
 */
public record MeshGeometry(int vertexCount, int[] senders, int[] receivers, int[] offsets, int[] reverse,
        VertexFrames frames, double[] vertexAreas, double[] radius, double[] angle, double[] connection) {

    public MeshGeometry {
        int e = senders.length;
        if (receivers.length != e || reverse.length != e || radius.length != e || angle.length != e
                || connection.length != e) {
            throw new IllegalArgumentException("edge arrays differ in length: " + e + " senders, " + receivers.length
                    + " receivers, " + reverse.length + " reverse, " + radius.length + " radii, " + angle.length
                    + " angles, " + connection.length + " connections");
        }
        if (offsets.length != vertexCount + 1 || frames.count() != vertexCount
                || vertexAreas.length != vertexCount) {
            throw new IllegalArgumentException("vertex arrays do not match " + vertexCount + " vertices");
        }
    }

    /** The geometry of a consistently oriented manifold mesh with area-weighted normals. */
    public static MeshGeometry of(TriangleMesh mesh) {
        return of(HalfEdgeMesh.of(mesh), NormalWeighting.AREA);
    }

    /**
     * The geometry with the given normal weighting.
     *
     * @throws IllegalArgumentException if a vertex is in no face or has no normal
     */
    public static MeshGeometry of(HalfEdgeMesh mesh, NormalWeighting weighting) {
        VertexFrames frames = VertexFrames.of(mesh, weighting);
        double[] p = mesh.mesh().positionArray();
        int n = mesh.vertexCount();
        int[] offsets = mesh.ringOffsets();
        int[] rings = mesh.ringArray();
        int edges = offsets[n];
        int[] senders = new int[edges];
        int[] receivers = new int[edges];
        double[] radius = new double[edges];
        double[] angle = new double[edges];
        double[] connection = new double[edges];
        LongIntMap index = new LongIntMap(edges);
        for (int v = 0; v < n; v++) {
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                int q = rings[e];
                senders[e] = q;
                receivers[e] = v;
                index.put(EdgeKeys.directed(q, v), e);
                radius[e] = Math.sqrt(Vec3.distanceSquared(p, q, v));
                // The projection's angle equals the angle of q - p itself; rescaling changes only the length.
                angle[e] = frames.angle(v, p[3 * q] - p[3 * v], p[3 * q + 1] - p[3 * v + 1],
                        p[3 * q + 2] - p[3 * v + 2]);
                connection[e] = VertexFrames.connection(frames, q, frames, v);
            }
        }
        int[] reverse = new int[edges];
        for (int e = 0; e < edges; e++) {
            reverse[e] = index.get(EdgeKeys.directed(receivers[e], senders[e]));
        }
        return new MeshGeometry(n, senders, receivers, offsets, reverse, frames,
                MeshMeasures.vertexAreas(mesh.mesh()), radius, angle, connection);
    }

    public int edgeCount() {
        return senders.length;
    }

    /**
     * The log map of edge e as a tangent vector of the receiver: (r cos theta, r sin theta), i.e. (v . e1_p,
     * v . e2_p) with v rescaled to |q - p|.
     */
    public double[] logMap(int e) {
        return new double[] {radius[e] * Math.cos(angle[e]), radius[e] * Math.sin(angle[e])};
    }

    /** Per edge (radius, angle, connection), flat (E x 3). */
    public double[] edgeFeatures() {
        double[] out = new double[3 * senders.length];
        for (int e = 0; e < senders.length; e++) {
            out[3 * e] = radius[e];
            out[3 * e + 1] = angle[e];
            out[3 * e + 2] = connection[e];
        }
        return out;
    }
}
