package org.erlangen.mesh;

/** Vertex pairs packed into one long, as keys of a {@link org.erlangen.primitives.LongIntMap} or a map of edges. */
final class EdgeKeys {
    private EdgeKeys() {
    }

    /** The key of the directed edge (half-edge) a -> b between vertex indices. */
    static long directed(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    /** The key of the undirected edge {a, b}: the same for a -> b and b -> a. */
    static long undirected(int a, int b) {
        return a < b ? directed(a, b) : directed(b, a);
    }
}
