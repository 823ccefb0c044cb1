package org.erlangen.mesh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.erlangen.primitives.LongIntMap;

/**
 * Half-edge connectivity of a consistently oriented manifold triangle mesh (with or without boundary).
 *
 * <p>Half-edge {@code h = 3 f + k} runs from vertex {@code k} of face {@code f} to vertex {@code k + 1 (mod 3)}, so
 * {@link #face(int)}, {@link #next(int)} and {@link #prev(int)} are arithmetic; {@link #twin(int)} is the opposite
 * half-edge in the neighbouring face, or -1 on the boundary (there are no boundary half-edges).
 *
 * <p>The one-ring of a vertex is counter-clockwise about the outward normal (faces are counter-clockwise seen from
 * outside): the outgoing half-edge after {@code h} is {@code twin(prev(h))}. It starts at the vertex's
 * {@link #firstOutgoing(int) first outgoing half-edge}: for a boundary vertex the one whose clockwise neighbour is
 * missing (the ring then ends at the vertex across the other boundary edge), otherwise the lowest-numbered one, i.e.
 * the edge to the next vertex in the first face that uses the vertex.
 */
public final class HalfEdgeMesh {
    private final TriangleMesh mesh;
    private final int[] faces;
    private final int[] twin;
    private final int[] firstOutgoing;
    private final int[] ringOffsets;
    private final int[] rings;
    private final int[] outgoingOffsets;
    private final int[] outgoing;
    private final boolean[] boundaryVertex;
    private final int boundaryHalfEdges;

    private HalfEdgeMesh(TriangleMesh mesh, int[] twin, int[] firstOutgoing, boolean[] boundaryVertex,
            int boundaryHalfEdges) {
        this.mesh = mesh;
        this.faces = mesh.faceArray();
        this.twin = twin;
        this.firstOutgoing = firstOutgoing;
        this.boundaryVertex = boundaryVertex;
        this.boundaryHalfEdges = boundaryHalfEdges;
        int n = mesh.vertexCount();
        outgoingOffsets = new int[n + 1];
        ringOffsets = new int[n + 1];
        List<int[]> outs = new ArrayList<>(n);
        for (int v = 0; v < n; v++) {
            int[] o = walk(v);
            outs.add(o);
            outgoingOffsets[v + 1] = outgoingOffsets[v] + o.length;
            ringOffsets[v + 1] = ringOffsets[v] + o.length + (boundaryVertex[v] ? 1 : 0);
        }
        outgoing = new int[outgoingOffsets[n]];
        rings = new int[ringOffsets[n]];
        for (int v = 0; v < n; v++) {
            int[] o = outs.get(v);
            System.arraycopy(o, 0, outgoing, outgoingOffsets[v], o.length);
            int r = ringOffsets[v];
            for (int h : o) {
                rings[r++] = to(h);
            }
            if (boundaryVertex[v]) {
                rings[r] = from(prev(o[o.length - 1]));
            }
        }
    }

    /**
     * Builds the connectivity.
     *
     * @throws IllegalArgumentException if a face repeats a vertex, an edge is run twice in the same direction
     *     (inconsistent orientation, or a non-manifold edge), or a vertex joins several fans of faces
     */
    public static HalfEdgeMesh of(TriangleMesh mesh) {
        int[] f = mesh.faceArray();
        int nh = f.length;
        int n = mesh.vertexCount();
        LongIntMap directed = new LongIntMap(nh);
        for (int h = 0; h < nh; h++) {
            int a = f[h];
            int b = f[h - h % 3 + (h % 3 + 1) % 3];
            if (a == b) {
                throw new IllegalArgumentException("face " + h / 3 + " repeats vertex " + a);
            }
            int other = directed.put(EdgeKeys.directed(a, b), h);
            if (other >= 0) {
                throw new IllegalArgumentException("faces " + other / 3 + " and " + h / 3 + " both run edge " + a
                        + "->" + b + ": the edge is non-manifold or the faces are inconsistently oriented");
            }
        }
        int[] twin = new int[nh];
        int[] degree = new int[n];
        int[] first = new int[n];
        Arrays.fill(first, -1);
        boolean[] boundaryVertex = new boolean[n];
        int boundary = 0;
        for (int h = 0; h < nh; h++) {
            int a = f[h];
            int b = f[h - h % 3 + (h % 3 + 1) % 3];
            twin[h] = directed.get(EdgeKeys.directed(b, a));
            degree[a]++;
            if (twin[h] < 0) {
                boundary++;
                if (boundaryVertex[a]) {
                    throw new IllegalArgumentException("vertex " + a + " has two outgoing boundary edges: it joins "
                            + "several fans of faces (non-manifold vertex)");
                }
                boundaryVertex[a] = true;
                first[a] = h;
            } else if (first[a] < 0) {
                first[a] = h;
            }
        }
        HalfEdgeMesh result = new HalfEdgeMesh(mesh, twin, first, boundaryVertex, boundary);
        for (int v = 0; v < n; v++) {
            int walked = result.outgoingOffsets[v + 1] - result.outgoingOffsets[v];
            if (walked != degree[v]) {
                throw new IllegalArgumentException("vertex " + v + " is in " + degree[v] + " faces but one fan "
                        + "around it reaches only " + walked + ": it joins several fans (non-manifold vertex)");
            }
        }
        return result;
    }

    private int[] walk(int v) {
        int start = firstOutgoing[v];
        if (start < 0) {
            return new int[0];
        }
        IntBuffer out = new IntBuffer();
        int h = start;
        do {
            out.add(h);
            h = twin[prev(h)];
        } while (h >= 0 && h != start && out.size <= faces.length);
        return out.toArray();
    }

    public TriangleMesh mesh() {
        return mesh;
    }

    public int vertexCount() {
        return mesh.vertexCount();
    }

    public int faceCount() {
        return mesh.faceCount();
    }

    public int halfEdgeCount() {
        return faces.length;
    }

    public int face(int h) {
        return h / 3;
    }

    public int next(int h) {
        return h % 3 == 2 ? h - 2 : h + 1;
    }

    public int prev(int h) {
        return h % 3 == 0 ? h + 2 : h - 1;
    }

    /** The opposite half-edge, or -1 on the boundary. */
    public int twin(int h) {
        return twin[h];
    }

    /** Start vertex of half-edge {@code h}. */
    public int from(int h) {
        return faces[h];
    }

    /** End vertex of half-edge {@code h}. */
    public int to(int h) {
        return faces[next(h)];
    }

    public boolean isBoundary(int h) {
        return twin[h] < 0;
    }

    public boolean isBoundaryVertex(int v) {
        return boundaryVertex[v];
    }

    /** The outgoing half-edge the one-ring starts with, or -1 for a vertex in no face. */
    public int firstOutgoing(int v) {
        return firstOutgoing[v];
    }

    /** Outgoing half-edges of {@code v}, counter-clockwise about the outward normal. */
    public int[] outgoing(int v) {
        return Arrays.copyOfRange(outgoing, outgoingOffsets[v], outgoingOffsets[v + 1]);
    }

    /**
     * Neighbours of {@code v}, counter-clockwise about the outward normal, starting at the end of
     * {@link #firstOutgoing(int)}; a boundary vertex has one neighbour more than outgoing half-edges.
     */
    public int[] oneRing(int v) {
        return Arrays.copyOfRange(rings, ringOffsets[v], ringOffsets[v + 1]);
    }

    /** Number of neighbours of {@code v}. */
    public int degree(int v) {
        return ringOffsets[v + 1] - ringOffsets[v];
    }

    /** All one-rings concatenated; vertex v's ring is {@code ringOffsets()[v] .. ringOffsets()[v+1]}. */
    public int[] rings() {
        return rings.clone();
    }

    public int[] ringOffsets() {
        return ringOffsets.clone();
    }

    /** Shared arrays for package code; not to be modified. */
    int[] ringArray() {
        return rings;
    }

    int[] ringOffsetArray() {
        return ringOffsets;
    }

    /** Undirected edges: interior ones are two half-edges, boundary ones one. */
    public int edgeCount() {
        return (faces.length + boundaryHalfEdges) / 2;
    }

    public int boundaryEdgeCount() {
        return boundaryHalfEdges;
    }

    public boolean isClosed() {
        return boundaryHalfEdges == 0;
    }

    /** V - E + F. */
    public int eulerCharacteristic() {
        return vertexCount() - edgeCount() + faceCount();
    }

    /**
     * Boundary loops as vertex cycles, each running with the surface on its left (so a hole's loop runs clockwise
     * seen from outside).
     */
    public List<int[]> boundaryLoops() {
        List<int[]> loops = new ArrayList<>();
        boolean[] seen = new boolean[faces.length];
        for (int h = 0; h < faces.length; h++) {
            if (twin[h] >= 0 || seen[h]) {
                continue;
            }
            IntBuffer loop = new IntBuffer();
            int e = h;
            while (!seen[e]) {
                seen[e] = true;
                loop.add(from(e));
                // A boundary vertex's first outgoing half-edge is its boundary one: the loop's next edge.
                e = firstOutgoing[to(e)];
            }
            loops.add(loop.toArray());
        }
        return loops;
    }

    /** A growable int array. */
    static final class IntBuffer {
        private int[] data = new int[8];
        private int size;

        void add(int x) {
            if (size == data.length) {
                data = Arrays.copyOf(data, 2 * size);
            }
            data[size++] = x;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
