package org.erlangen.mesh;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Repairs what can be repaired, in this order, and says what it did: merge vertices closer than a distance (off
 * unless asked for), drop faces that repeat a vertex or have zero area, drop faces that repeat another face (in
 * either orientation, keeping the first), flip faces so that neighbours agree in orientation and closed components
 * face outwards, and drop vertices no face uses (renumbering the rest in order). Non-manifold edges and vertices
 * are left alone and reported.
 */
public final class MeshRepair {
    private MeshRepair() {
    }

    /**
     * What to repair.
     *
     * @param mergeDistance merge vertices at most this far apart (0: exactly coincident ones); negative: do not
     *     merge
     * @param dropDegenerate drop faces that repeat a vertex or have zero area
     * @param dropDuplicates drop faces that repeat another face
     * @param orient make orientation consistent, closed components outward
     * @param dropUnreferenced drop vertices no face uses
     */
    public record Options(double mergeDistance, boolean dropDegenerate, boolean dropDuplicates, boolean orient,
            boolean dropUnreferenced) {
        /** Everything except merging. */
        public static Options defaults() {
            return new Options(-1, true, true, true, true);
        }

        public Options withMergeDistance(double distance) {
            return new Options(distance, dropDegenerate, dropDuplicates, orient, dropUnreferenced);
        }
    }

    /**
     * The repaired mesh.
     *
     * @param mesh the result
     * @param source where its vertices and faces came from
     * @param actions what was done, one sentence each (empty if nothing was needed)
     * @param vertexMap for each input vertex, its index in the result, or -1 if dropped (merged vertices share one)
     * @param faceOrigins for each face of the result, the input face it came from
     */
    public record Result(TriangleMesh mesh, MeshSource source, List<String> actions, int[] vertexMap,
            int[] faceOrigins) {
    }

    public static Result repair(TriangleMesh mesh) {
        return repair(mesh, MeshSource.none("mesh"), Options.defaults());
    }

    public static Result repair(TriangleMesh mesh, MeshSource source, Options options) {
        double[] p = mesh.positionArray();
        int n = mesh.vertexCount();
        int nf = mesh.faceCount();
        List<String> actions = new ArrayList<>();

        int[] merged = options.mergeDistance() >= 0 ? mergeMap(p, options.mergeDistance()) : identity(n);
        int mergedAway = 0;
        for (int v = 0; v < n; v++) {
            mergedAway += merged[v] != v ? 1 : 0;
        }
        if (mergedAway > 0) {
            actions.add("merged " + mergedAway + " vertices into others within distance " + options.mergeDistance());
        }
        int[] faces = mesh.faces();
        for (int i = 0; i < faces.length; i++) {
            faces[i] = merged[faces[i]];
        }

        boolean[] keep = new boolean[nf];
        Arrays.fill(keep, true);
        double[] cross = new double[3];
        if (options.dropDegenerate()) {
            List<Integer> dropped = new ArrayList<>();
            for (int i = 0; i < nf; i++) {
                int a = faces[3 * i];
                int b = faces[3 * i + 1];
                int c = faces[3 * i + 2];
                boolean bad = a == b || b == c || a == c;
                if (!bad) {
                    Vec3.faceCross(p, a, b, c, cross);
                    double longest = Math.max(Vec3.distanceSquared(p, a, b),
                            Math.max(Vec3.distanceSquared(p, b, c), Vec3.distanceSquared(p, a, c)));
                    bad = Vec3.norm(cross[0], cross[1], cross[2]) <= MeshValidation.ZERO_AREA_TOLERANCE * longest;
                }
                if (bad) {
                    keep[i] = false;
                    dropped.add(i);
                }
            }
            describe(actions, "dropped", dropped, "degenerate faces (repeated vertex or zero area)", source);
        }
        if (options.dropDuplicates()) {
            Map<List<Integer>, Integer> seen = new HashMap<>();
            List<Integer> dropped = new ArrayList<>();
            for (int i = 0; i < nf; i++) {
                if (!keep[i]) {
                    continue;
                }
                int[] key = {faces[3 * i], faces[3 * i + 1], faces[3 * i + 2]};
                Arrays.sort(key);
                if (seen.putIfAbsent(List.of(key[0], key[1], key[2]), i) != null) {
                    keep[i] = false;
                    dropped.add(i);
                }
            }
            describe(actions, "dropped", dropped, "duplicate faces", source);
        }
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        int[] faceOrigins = new int[kept];
        int[] newFaces = new int[3 * kept];
        for (int i = 0, j = 0; i < nf; i++) {
            if (keep[i]) {
                faceOrigins[j] = i;
                System.arraycopy(faces, 3 * i, newFaces, 3 * j, 3);
                j++;
            }
        }
        if (options.orient()) {
            orient(p, newFaces, actions);
        }

        int[] vertexMap = new int[n];
        Arrays.fill(vertexMap, -1);
        boolean[] used = new boolean[n];
        for (int v : newFaces) {
            used[v] = true;
        }
        int next = 0;
        int unused = 0;
        for (int v = 0; v < n; v++) {
            if (merged[v] == v && (used[v] || !options.dropUnreferenced())) {
                vertexMap[v] = next++;
            } else if (merged[v] == v) {
                unused++;
            }
        }
        for (int v = 0; v < n; v++) {
            if (merged[v] != v) {
                vertexMap[v] = vertexMap[merged[v]];
            }
        }
        if (unused > 0) {
            actions.add("dropped " + unused + " unreferenced vertices and renumbered the rest");
        }
        int[] vertexOrigins = new int[next];
        double[] positions = new double[3 * next];
        for (int v = 0; v < n; v++) {
            if (merged[v] == v && vertexMap[v] >= 0) {
                vertexOrigins[vertexMap[v]] = v;
                System.arraycopy(p, 3 * v, positions, 3 * vertexMap[v], 3);
            }
        }
        for (int i = 0; i < newFaces.length; i++) {
            newFaces[i] = vertexMap[newFaces[i]];
        }
        TriangleMesh result = TriangleMesh.wrap(positions, newFaces);
        MeshValidation check = MeshValidation.of(result);
        int nonManifold = check.problems(MeshValidation.Kind.NON_MANIFOLD_EDGE).size()
                + check.problems(MeshValidation.Kind.NON_MANIFOLD_VERTEX).size();
        if (nonManifold > 0) {
            actions.add("left " + nonManifold + " non-manifold edges or vertices, which cannot be repaired here");
        }
        return new Result(result, source.select(vertexOrigins, faceOrigins), List.copyOf(actions), vertexMap,
                faceOrigins);
    }

    private static void describe(List<String> actions, String verb, List<Integer> faces, String what,
            MeshSource source) {
        if (faces.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(verb + " " + faces.size() + " " + what + ": ");
        for (int i = 0; i < Math.min(5, faces.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append("face ").append(faces.get(i)).append(" (")
                    .append(source.locateFace(faces.get(i))).append(')');
        }
        sb.append(faces.size() > 5 ? ", ..." : "");
        actions.add(sb.toString());
    }

    private static int[] identity(int n) {
        int[] id = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = i;
        }
        return id;
    }

    /** Each vertex's representative: the lowest-numbered vertex of its cluster of vertices within distance d. */
    private static int[] mergeMap(double[] p, double d) {
        int n = p.length / 3;
        double cell = d > 0 ? d : 1;
        Map<List<Long>, List<Integer>> grid = new HashMap<>();
        UnionFind sets = new UnionFind(n);
        double d2 = d * d;
        for (int v = 0; v < n; v++) {
            long cx = (long) Math.floor(p[3 * v] / cell);
            long cy = (long) Math.floor(p[3 * v + 1] / cell);
            long cz = (long) Math.floor(p[3 * v + 2] / cell);
            for (long x = cx - 1; x <= cx + 1; x++) {
                for (long y = cy - 1; y <= cy + 1; y++) {
                    for (long z = cz - 1; z <= cz + 1; z++) {
                        List<Integer> bucket = grid.get(List.of(x, y, z));
                        if (bucket == null) {
                            continue;
                        }
                        for (int u : bucket) {
                            if (Vec3.distanceSquared(p, u, v) <= d2) {
                                sets.union(u, v);
                            }
                        }
                    }
                }
            }
            grid.computeIfAbsent(List.of(cx, cy, cz), k -> new ArrayList<>()).add(v);
        }
        int[] lowest = new int[n];
        Arrays.fill(lowest, Integer.MAX_VALUE);
        for (int v = 0; v < n; v++) {
            int r = sets.find(v);
            lowest[r] = Math.min(lowest[r], v);
        }
        int[] map = new int[n];
        for (int v = 0; v < n; v++) {
            map[v] = lowest[sets.find(v)];
        }
        return map;
    }

    /**
     * Flips faces so that faces sharing a (two-face) edge run it in opposite directions, growing each component
     * from its first face, then turns closed components with negative volume inside out.
     */
    private static void orient(double[] p, int[] f, List<String> actions) {
        int nf = f.length / 3;
        Map<Long, int[]> edgeFaces = new HashMap<>();
        for (int i = 0; i < nf; i++) {
            for (int k = 0; k < 3; k++) {
                long key = EdgeKeys.undirected(f[3 * i + k], f[3 * i + (k + 1) % 3]);
                int[] list = edgeFaces.get(key);
                edgeFaces.put(key, list == null ? new int[] {i} : append(list, i));
            }
        }
        int[] component = new int[nf];
        Arrays.fill(component, -1);
        int flips = 0;
        int conflicts = 0;
        List<Boolean> closed = new ArrayList<>();
        int components = 0;
        for (int start = 0; start < nf; start++) {
            if (component[start] >= 0) {
                continue;
            }
            boolean isClosed = true;
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            component[start] = components;
            queue.add(start);
            while (!queue.isEmpty()) {
                int i = queue.poll();
                for (int k = 0; k < 3; k++) {
                    int a = f[3 * i + k];
                    int b = f[3 * i + (k + 1) % 3];
                    int[] list = edgeFaces.get(EdgeKeys.undirected(a, b));
                    if (list.length != 2) {
                        isClosed = false;
                        continue;
                    }
                    int j = list[0] == i ? list[1] : list[0];
                    boolean same = runs(f, j, a, b);
                    if (component[j] < 0) {
                        component[j] = components;
                        if (same) {
                            flip(f, j);
                            flips++;
                        }
                        queue.add(j);
                    } else if (same) {
                        conflicts++;
                    }
                }
            }
            closed.add(isClosed);
            components++;
        }
        if (flips > 0) {
            actions.add("flipped " + flips + " faces to agree in orientation with their neighbours");
        }
        if (conflicts > 0) {
            actions.add("could not orient " + conflicts / 2 + " edges consistently (the surface is not orientable)");
        }
        double[] volume = new double[components];
        for (int i = 0; i < nf; i++) {
            volume[component[i]] += MeshValidation.signedTetVolume(p, f[3 * i], f[3 * i + 1], f[3 * i + 2]);
        }
        boolean[] invert = new boolean[components];
        int inverted = 0;
        for (int c = 0; c < components; c++) {
            invert[c] = closed.get(c) && volume[c] < 0;
            inverted += invert[c] ? 1 : 0;
        }
        for (int i = 0; i < nf; i++) {
            if (invert[component[i]]) {
                flip(f, i);
            }
        }
        if (inverted > 0) {
            actions.add("turned " + inverted + " closed components inside out so that they face outwards");
        }
    }

    private static boolean runs(int[] f, int face, int a, int b) {
        for (int k = 0; k < 3; k++) {
            if (f[3 * face + k] == a && f[3 * face + (k + 1) % 3] == b) {
                return true;
            }
        }
        return false;
    }

    private static void flip(int[] f, int i) {
        int t = f[3 * i + 1];
        f[3 * i + 1] = f[3 * i + 2];
        f[3 * i + 2] = t;
    }

    private static int[] append(int[] a, int x) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = x;
        return b;
    }
}
