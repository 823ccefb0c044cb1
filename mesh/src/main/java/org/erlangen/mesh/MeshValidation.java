package org.erlangen.mesh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import org.erlangen.primitives.LongIntMap;

/**
 * The problems of a mesh, each naming where it comes from ({@link MeshSource}), plus its topology: edge count,
 * boundary edges, Euler characteristic, connected components and signed volume.
 *
 * <p>Checks: faces that repeat a vertex or have zero area, faces that repeat another face (in either orientation),
 * edges in more than two faces, vertices whose faces form more than one fan (two cones touching at a point),
 * neighbouring faces that run their shared edge in the same direction (inconsistent orientation), and vertices no
 * face uses. Faces that repeat a vertex or another face are left out of the later checks, so that one bad face is
 * reported once. Boundary edges are not problems: a mesh with boundary is valid but not {@link #isClosed() closed}.
 */
public final class MeshValidation {
    /** Relative area below which a face counts as degenerate: |cross| <= this * (longest edge)^2. */
    public static final double ZERO_AREA_TOLERANCE = 1e-12;

    /** Kinds of problem. */
    public enum Kind {
        REPEATED_VERTEX, ZERO_AREA, DUPLICATE_FACE, NON_MANIFOLD_EDGE, NON_MANIFOLD_VERTEX,
        INCONSISTENT_ORIENTATION, UNREFERENCED_VERTEX
    }

    /**
     * One problem.
     *
     * @param kind what is wrong
     * @param element the face (or, for vertex problems, the vertex) at fault
     * @param location "file:line", "file: byte offset" or a label
     * @param detail what is wrong, with indices
     */
    public record Problem(Kind kind, int element, String location, String detail) {
        @Override
        public String toString() {
            return location + ": " + detail;
        }
    }

    private final List<Problem> problems;
    private final int vertexCount;
    private final int faceCount;
    private final int edgeCount;
    private final int boundaryEdgeCount;
    private final int componentCount;
    private final double signedVolume;

    private MeshValidation(List<Problem> problems, int vertexCount, int faceCount, int edgeCount,
            int boundaryEdgeCount, int componentCount, double signedVolume) {
        this.problems = Collections.unmodifiableList(problems);
        this.vertexCount = vertexCount;
        this.faceCount = faceCount;
        this.edgeCount = edgeCount;
        this.boundaryEdgeCount = boundaryEdgeCount;
        this.componentCount = componentCount;
        this.signedVolume = signedVolume;
    }

    /** Checks a mesh built in memory. */
    public static MeshValidation of(TriangleMesh mesh) {
        return of(mesh, MeshSource.none("mesh"));
    }

    /** Checks a mesh read from {@code source}, naming its lines in problems. */
    public static MeshValidation of(TriangleMesh mesh, MeshSource source) {
        double[] p = mesh.positionArray();
        int[] f = mesh.faceArray();
        int nf = mesh.faceCount();
        int nv = mesh.vertexCount();
        List<Problem> problems = new ArrayList<>();
        boolean[] skip = new boolean[nf];
        double[] cross = new double[3];

        // Degenerate faces.
        for (int i = 0; i < nf; i++) {
            int a = f[3 * i];
            int b = f[3 * i + 1];
            int c = f[3 * i + 2];
            if (a == b || b == c || a == c) {
                skip[i] = true;
                problems.add(new Problem(Kind.REPEATED_VERTEX, i, source.locateFace(i), "face " + i + " "
                        + triple(a, b, c) + " repeats vertex " + (a == b || a == c ? a : b)));
                continue;
            }
            Vec3.faceCross(p, a, b, c, cross);
            double longest = Math.max(Vec3.distanceSquared(p, a, b),
                    Math.max(Vec3.distanceSquared(p, b, c), Vec3.distanceSquared(p, a, c)));
            if (Vec3.norm(cross[0], cross[1], cross[2]) <= ZERO_AREA_TOLERANCE * longest) {
                problems.add(new Problem(Kind.ZERO_AREA, i, source.locateFace(i), "face " + i + " "
                        + triple(a, b, c) + " has zero area (its vertices are collinear or coincide)"));
            }
        }

        // Duplicate faces (same vertex set, either orientation): the later copy is reported.
        var faceKeys = new HashMap<FaceKey, Integer>();
        for (int i = 0; i < nf; i++) {
            if (skip[i]) {
                continue;
            }
            Integer first = faceKeys.putIfAbsent(FaceKey.of(f[3 * i], f[3 * i + 1], f[3 * i + 2]), i);
            if (first != null) {
                skip[i] = true;
                problems.add(new Problem(Kind.DUPLICATE_FACE, i, source.locateFace(i), "face " + i + " "
                        + triple(f[3 * i], f[3 * i + 1], f[3 * i + 2]) + " repeats face " + first + " "
                        + triple(f[3 * first], f[3 * first + 1], f[3 * first + 2]) + " at "
                        + source.locateFace(first)));
            }
        }

        // Edges: the faces on each undirected edge, in face order.
        LongIntMap edgeIds = new LongIntMap(3 * nf);
        List<int[]> edgeFaces = new ArrayList<>();
        int[] edgeFaceCount = new int[3 * nf];
        for (int i = 0; i < nf; i++) {
            if (skip[i]) {
                continue;
            }
            for (int k = 0; k < 3; k++) {
                long key = EdgeKeys.undirected(f[3 * i + k], f[3 * i + (k + 1) % 3]);
                int id = edgeIds.get(key);
                if (id < 0) {
                    id = edgeFaces.size();
                    edgeIds.put(key, id);
                    edgeFaces.add(new int[2]);
                }
                int[] list = edgeFaces.get(id);
                int count = edgeFaceCount[id];
                if (count == list.length) {
                    list = Arrays.copyOf(list, 2 * count);
                    edgeFaces.set(id, list);
                }
                list[count] = 3 * i + k;
                edgeFaceCount[id] = count + 1;
            }
        }

        // Corners joined across manifold edges; a vertex whose corners fall into several groups is non-manifold.
        UnionFind corners = new UnionFind(3 * nf);
        int boundary = 0;
        for (int id = 0; id < edgeFaces.size(); id++) {
            int[] list = edgeFaces.get(id);
            int count = edgeFaceCount[id];
            if (count == 1) {
                boundary++;
            } else if (count > 2) {
                int h = list[0];
                int a = f[h];
                int b = f[h - h % 3 + (h % 3 + 1) % 3];
                StringBuilder faces = new StringBuilder();
                for (int j = 0; j < count; j++) {
                    int face = list[j] / 3;
                    faces.append(j == 0 ? "" : ", ").append(face).append(" (").append(source.locateFace(face))
                            .append(')');
                }
                int last = list[count - 1] / 3;
                problems.add(new Problem(Kind.NON_MANIFOLD_EDGE, last, source.locateFace(last), "edge "
                        + Math.min(a, b) + "-" + Math.max(a, b) + " is shared by " + count
                        + " faces, at most 2 allowed: faces " + faces));
                // Join the corners at its ends, so that its vertices are not reported a second time.
                for (int j = 1; j < count; j++) {
                    corners.union(cornerOf(f, list[0] / 3, a), cornerOf(f, list[j] / 3, a));
                    corners.union(cornerOf(f, list[0] / 3, b), cornerOf(f, list[j] / 3, b));
                }
            } else {
                int h1 = list[0];
                int h2 = list[1];
                int a1 = f[h1];
                int a2 = f[h2];
                int b1 = f[h1 - h1 % 3 + (h1 % 3 + 1) % 3];
                if (a1 == a2) {
                    int f1 = h1 / 3;
                    int f2 = h2 / 3;
                    problems.add(new Problem(Kind.INCONSISTENT_ORIENTATION, f2, source.locateFace(f2), "face " + f2
                            + " " + triple(f[3 * f2], f[3 * f2 + 1], f[3 * f2 + 2]) + " runs edge " + a1 + "->"
                            + b1 + " in the same direction as face " + f1 + " at " + source.locateFace(f1)
                            + "; faces sharing an edge must run it in opposite directions"));
                }
                // The corner at each end of the edge joins across it whatever the orientation.
                corners.union(cornerOf(f, h1 / 3, a1), cornerOf(f, h2 / 3, a1));
                corners.union(cornerOf(f, h1 / 3, b1), cornerOf(f, h2 / 3, b1));
            }
        }

        // Fans per vertex, referenced vertices and components.
        int[] fans = new int[nv];
        UnionFind vertices = new UnionFind(nv);
        for (int i = 0; i < nf; i++) {
            if (skip[i]) {
                continue;
            }
            vertices.union(f[3 * i], f[3 * i + 1]);
            vertices.union(f[3 * i], f[3 * i + 2]);
        }
        boolean[] referenced = new boolean[nv];
        for (int i = 0; i < 3 * nf; i++) {
            referenced[f[i]] = true;
        }
        // Count distinct corner groups per vertex (sorting-free: each group counted at its root corner).
        int[] rootOwner = new int[3 * nf];
        Arrays.fill(rootOwner, -1);
        for (int c = 0; c < 3 * nf; c++) {
            if (skip[c / 3]) {
                continue;
            }
            int root = corners.find(c);
            if (rootOwner[root] < 0) {
                rootOwner[root] = f[c];
                fans[f[c]]++;
            }
        }
        for (int v = 0; v < nv; v++) {
            if (fans[v] > 1) {
                problems.add(new Problem(Kind.NON_MANIFOLD_VERTEX, v, source.locateVertex(v), "vertex " + v
                        + " joins " + fans[v] + " separate fans of faces (surfaces touching at a point)"));
            }
            if (!referenced[v]) {
                problems.add(new Problem(Kind.UNREFERENCED_VERTEX, v, source.locateVertex(v), "vertex " + v
                        + " is used by no face"));
            }
        }
        int components = 0;
        for (int v = 0; v < nv; v++) {
            if (referenced[v] && vertices.find(v) == v) {
                components++;
            }
        }
        double volume = 0;
        for (int i = 0; i < nf; i++) {
            if (!skip[i]) {
                volume += signedTetVolume(p, f[3 * i], f[3 * i + 1], f[3 * i + 2]);
            }
        }
        return new MeshValidation(problems, nv, nf, edgeFaces.size(), boundary, components, volume);
    }

    private static int cornerOf(int[] f, int face, int vertex) {
        for (int k = 0; k < 3; k++) {
            if (f[3 * face + k] == vertex) {
                return 3 * face + k;
            }
        }
        throw new IllegalStateException("vertex " + vertex + " not in face " + face);
    }

    static double signedTetVolume(double[] p, int a, int b, int c) {
        double ax = p[3 * a];
        double ay = p[3 * a + 1];
        double az = p[3 * a + 2];
        double bx = p[3 * b];
        double by = p[3 * b + 1];
        double bz = p[3 * b + 2];
        double cx = p[3 * c];
        double cy = p[3 * c + 1];
        double cz = p[3 * c + 2];
        return (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6.0;
    }

    private static String triple(int a, int b, int c) {
        return "(" + a + " " + b + " " + c + ")";
    }

    private record FaceKey(int a, int b, int c) {
        static FaceKey of(int x, int y, int z) {
            int lo = Math.min(x, Math.min(y, z));
            int hi = Math.max(x, Math.max(y, z));
            return new FaceKey(lo, x + y + z - lo - hi, hi);
        }
    }

    public List<Problem> problems() {
        return problems;
    }

    public List<Problem> problems(Kind kind) {
        return problems.stream().filter(p -> p.kind() == kind).toList();
    }

    /** No problems at all (a boundary is allowed). */
    public boolean isValid() {
        return problems.isEmpty();
    }

    /** No edge in more than two faces and no vertex joining separate fans. */
    public boolean isManifold() {
        return problems(Kind.NON_MANIFOLD_EDGE).isEmpty() && problems(Kind.NON_MANIFOLD_VERTEX).isEmpty();
    }

    /** Every two faces sharing an edge run it in opposite directions. */
    public boolean isConsistentlyOriented() {
        return problems(Kind.INCONSISTENT_ORIENTATION).isEmpty();
    }

    /** Valid and without boundary edges: a closed oriented 2-manifold (possibly several components). */
    public boolean isClosed() {
        return isValid() && boundaryEdgeCount == 0 && faceCount > 0;
    }

    public int vertexCount() {
        return vertexCount;
    }

    public int faceCount() {
        return faceCount;
    }

    /** Undirected edges of the faces checked (faces repeating a vertex or another face left out). */
    public int edgeCount() {
        return edgeCount;
    }

    /** Edges in exactly one face. */
    public int boundaryEdgeCount() {
        return boundaryEdgeCount;
    }

    /** V - E + F over all vertices and faces; 2 - 2 genus per closed component. */
    public int eulerCharacteristic() {
        return vertexCount - edgeCount + faceCount;
    }

    /** Connected components of the vertices that faces use. */
    public int componentCount() {
        return componentCount;
    }

    /** Enclosed volume for a closed mesh: positive when faces are counter-clockwise seen from outside. */
    public double signedVolume() {
        return signedVolume;
    }

    /** A readable summary: the counts, then up to {@code maxProblems} problems, one per line. */
    public String report(int maxProblems) {
        StringBuilder sb = new StringBuilder();
        sb.append(vertexCount).append(" vertices, ").append(faceCount).append(" faces, ").append(edgeCount)
                .append(" edges, ").append(boundaryEdgeCount).append(" boundary edges, ").append(componentCount)
                .append(" components, Euler characteristic ").append(eulerCharacteristic()).append("; ")
                .append(problems.isEmpty() ? "no problems" : problems.size() + " problems:");
        for (int i = 0; i < Math.min(maxProblems, problems.size()); i++) {
            sb.append("\n  ").append(problems.get(i));
        }
        if (problems.size() > maxProblems) {
            sb.append("\n  ... and ").append(problems.size() - maxProblems).append(" more");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return report(10);
    }
}
