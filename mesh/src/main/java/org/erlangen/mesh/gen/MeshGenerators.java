package org.erlangen.mesh.gen;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.erlangen.mesh.TriangleMesh;

/**
 * Closed triangle meshes of simple shapes, centred at the origin, with faces counter-clockwise seen from outside,
 * plus two open flat grids. The closed ones are 2-manifolds of genus 0 (Euler characteristic 2), except the torus
 * (genus 1, Euler characteristic 0). Surfaces of revolution turn about the z-axis.
 */
public final class MeshGenerators {
    private MeshGenerators() {
    }

    /**
     * A latitude-longitude sphere: two poles and {@code rings - 1} circles of {@code segments} vertices.
     * Vertices: 2 + (rings - 1) segments.
     */
    public static TriangleMesh uvSphere(double radius, int rings, int segments) {
        require(rings >= 2, "a UV sphere needs at least 2 rings, got " + rings);
        positive(radius, "radius");
        double[] rho = new double[rings + 1];
        double[] z = new double[rings + 1];
        for (int k = 0; k <= rings; k++) {
            double theta = Math.PI * k / rings;
            rho[k] = k == 0 || k == rings ? 0 : radius * Math.sin(theta);
            z[k] = radius * Math.cos(theta);
        }
        return revolve(rho, z, segments);
    }

    /** A sphere from an icosahedron, each face split into 4^subdivisions and projected onto the sphere. */
    public static TriangleMesh icosphere(double radius, int subdivisions) {
        positive(radius, "radius");
        require(subdivisions >= 0, "subdivisions must be >= 0, got " + subdivisions);
        TriangleMesh mesh = icosahedron();
        for (int i = 0; i < subdivisions; i++) {
            mesh = projectToSphere(subdivide(mesh), 1);
        }
        return projectToSphere(mesh, radius);
    }

    /** An ellipsoid with semi-axes a, b, c along x, y, z: an icosphere stretched. */
    public static TriangleMesh ellipsoid(double a, double b, double c, int subdivisions) {
        positive(a, "semi-axis a");
        positive(b, "semi-axis b");
        positive(c, "semi-axis c");
        double[] p = icosphere(1, subdivisions).positions();
        for (int v = 0; v < p.length / 3; v++) {
            p[3 * v] *= a;
            p[3 * v + 1] *= b;
            p[3 * v + 2] *= c;
        }
        return TriangleMesh.of(p, icosphere(1, subdivisions).faces());
    }

    /**
     * A torus about the z-axis: tube centre at distance {@code majorRadius}, tube radius {@code minorRadius}, a grid
     * of {@code majorSegments x minorSegments} vertices.
     */
    public static TriangleMesh torus(double majorRadius, double minorRadius, int majorSegments, int minorSegments) {
        positive(minorRadius, "minor radius");
        require(majorRadius > minorRadius, "the major radius " + majorRadius + " must exceed the minor radius "
                + minorRadius);
        require(majorSegments >= 3 && minorSegments >= 3, "a torus needs at least 3 x 3 segments, got "
                + majorSegments + " x " + minorSegments);
        int n = majorSegments * minorSegments;
        double[] p = new double[3 * n];
        for (int i = 0; i < majorSegments; i++) {
            double phi = 2 * Math.PI * i / majorSegments;
            for (int j = 0; j < minorSegments; j++) {
                double theta = 2 * Math.PI * j / minorSegments;
                int v = i * minorSegments + j;
                double ring = majorRadius + minorRadius * Math.cos(theta);
                p[3 * v] = ring * Math.cos(phi);
                p[3 * v + 1] = ring * Math.sin(phi);
                p[3 * v + 2] = minorRadius * Math.sin(theta);
            }
        }
        int[] f = new int[6 * n];
        int t = 0;
        for (int i = 0; i < majorSegments; i++) {
            for (int j = 0; j < minorSegments; j++) {
                int a = i * minorSegments + j;
                int b = ((i + 1) % majorSegments) * minorSegments + j;
                int c = ((i + 1) % majorSegments) * minorSegments + (j + 1) % minorSegments;
                int d = i * minorSegments + (j + 1) % minorSegments;
                // d(phi) x d(theta) points outwards, so (phi step, then theta step) is counter-clockwise.
                t = put(f, t, a, b, c);
                t = put(f, t, a, c, d);
            }
        }
        return TriangleMesh.of(p, f);
    }

    /** A cube of side {@code size}, each face a grid of {@code divisions x divisions} squares cut in two. */
    public static TriangleMesh cube(double size, int divisions) {
        positive(size, "size");
        require(divisions >= 1, "divisions must be >= 1, got " + divisions);
        int n = divisions;
        Map<Long, Integer> index = new HashMap<>();
        double[] p = new double[3 * (6 * (n + 1) * (n + 1))];
        int[] f = new int[3 * 12 * n * n];
        int t = 0;
        int[] lattice = new int[3];
        for (int axis = 0; axis < 3; axis++) {
            for (int side = 0; side <= 1; side++) {
                int u = (axis + 1) % 3;
                int w = (axis + 2) % 3;
                int[][] ids = new int[n + 1][n + 1];
                for (int i = 0; i <= n; i++) {
                    for (int j = 0; j <= n; j++) {
                        lattice[axis] = side * n;
                        lattice[u] = i;
                        lattice[w] = j;
                        long key = ((long) lattice[0] * (n + 1) + lattice[1]) * (n + 1) + lattice[2];
                        Integer id = index.get(key);
                        if (id == null) {
                            id = index.size();
                            index.put(key, id);
                            for (int k = 0; k < 3; k++) {
                                p[3 * id + k] = size * ((double) lattice[k] / n - 0.5);
                            }
                        }
                        ids[i][j] = id;
                    }
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        // (u, w, axis) is right-handed, so u-then-w is counter-clockwise seen from +axis.
                        int a = ids[i][j];
                        int b = ids[i + 1][j];
                        int c = ids[i + 1][j + 1];
                        int d = ids[i][j + 1];
                        if (side == 1) {
                            t = put(f, t, a, b, c);
                            t = put(f, t, a, c, d);
                        } else {
                            t = put(f, t, a, c, b);
                            t = put(f, t, a, d, c);
                        }
                    }
                }
            }
        }
        return TriangleMesh.of(Arrays.copyOf(p, 3 * index.size()), f);
    }

    /**
     * A closed cylinder of the given radius and height: side rings every height / heightDivisions, and flat caps
     * of {@code capRings} concentric rings around a centre vertex.
     */
    public static TriangleMesh cylinder(double radius, double height, int segments, int heightDivisions,
            int capRings) {
        positive(radius, "radius");
        positive(height, "height");
        require(heightDivisions >= 1 && capRings >= 1, "heightDivisions and capRings must be >= 1");
        Profile profile = new Profile();
        profile.add(0, height / 2);
        for (int i = 1; i <= capRings; i++) {
            profile.add(radius * i / capRings, height / 2);
        }
        for (int k = 1; k <= heightDivisions; k++) {
            profile.add(radius, height / 2 - height * k / heightDivisions);
        }
        for (int i = capRings - 1; i >= 1; i--) {
            profile.add(radius * i / capRings, -height / 2);
        }
        profile.add(0, -height / 2);
        return profile.revolve(segments);
    }

    /** A closed cone: apex at z = height/2, base disk of the given radius at z = -height/2. */
    public static TriangleMesh cone(double radius, double height, int segments, int slantDivisions, int capRings) {
        positive(radius, "radius");
        positive(height, "height");
        require(slantDivisions >= 1 && capRings >= 1, "slantDivisions and capRings must be >= 1");
        Profile profile = new Profile();
        profile.add(0, height / 2);
        for (int k = 1; k <= slantDivisions; k++) {
            profile.add(radius * k / slantDivisions, height / 2 - height * k / slantDivisions);
        }
        for (int i = capRings - 1; i >= 1; i--) {
            profile.add(radius * i / capRings, -height / 2);
        }
        profile.add(0, -height / 2);
        return profile.revolve(segments);
    }

    /**
     * A capsule: a cylinder of the given radius and length (along z) closed by two hemispheres, each of
     * {@code capRings} latitude bands.
     */
    public static TriangleMesh capsule(double radius, double length, int segments, int capRings,
            int lengthDivisions) {
        positive(radius, "radius");
        positive(length, "length");
        require(capRings >= 1 && lengthDivisions >= 1, "capRings and lengthDivisions must be >= 1");
        double half = length / 2;
        Profile profile = new Profile();
        profile.add(0, half + radius);
        for (int k = 1; k <= capRings; k++) {
            double theta = 0.5 * Math.PI * k / capRings;
            profile.add(radius * Math.sin(theta), half + radius * Math.cos(theta));
        }
        for (int k = 1; k <= lengthDivisions; k++) {
            profile.add(radius, half - length * k / lengthDivisions);
        }
        for (int k = 1; k < capRings; k++) {
            double theta = 0.5 * Math.PI + 0.5 * Math.PI * k / capRings;
            profile.add(radius * Math.sin(theta), -half + radius * Math.cos(theta));
        }
        profile.add(0, -half - radius);
        return profile.revolve(segments);
    }

    /** A closed hemisphere: the upper half of a sphere ({@code rings} latitude bands) and a flat disk below. */
    public static TriangleMesh hemisphere(double radius, int rings, int segments, int diskRings) {
        positive(radius, "radius");
        require(rings >= 1 && diskRings >= 1, "rings and diskRings must be >= 1");
        Profile profile = new Profile();
        profile.add(0, radius);
        for (int k = 1; k <= rings; k++) {
            double theta = 0.5 * Math.PI * k / rings;
            profile.add(radius * Math.sin(theta), k == rings ? 0 : radius * Math.cos(theta));
        }
        for (int i = diskRings - 1; i >= 1; i--) {
            profile.add(radius * i / diskRings, 0);
        }
        profile.add(0, 0);
        return profile.revolve(segments);
    }

    /** A regular octahedron with vertices at distance {@code radius}, faces split into 4^subdivisions (flat). */
    public static TriangleMesh octahedron(double radius, int subdivisions) {
        positive(radius, "radius");
        double r = radius;
        double[] p = {r, 0, 0, -r, 0, 0, 0, r, 0, 0, -r, 0, 0, 0, r, 0, 0, -r};
        int[] f = {0, 2, 4, 2, 1, 4, 1, 3, 4, 3, 0, 4, 2, 0, 5, 1, 2, 5, 3, 1, 5, 0, 3, 5};
        return subdivideTimes(outwardConvex(p, f), subdivisions);
    }

    /** A regular tetrahedron with vertices at distance {@code radius}, faces split into 4^subdivisions (flat). */
    public static TriangleMesh tetrahedron(double radius, int subdivisions) {
        positive(radius, "radius");
        double s = radius / Math.sqrt(3);
        double[] p = {s, s, s, s, -s, -s, -s, s, -s, -s, -s, s};
        int[] f = {0, 1, 2, 0, 2, 3, 0, 3, 1, 1, 3, 2};
        return subdivideTimes(outwardConvex(p, f), subdivisions);
    }

    /**
     * A surface of revolution about the z-axis: the profile (rho_k, z_k) runs from the top pole (rho = 0) to the
     * bottom pole (rho = 0) through points with rho > 0, each of which becomes a ring of {@code segments} vertices.
     * A profile running downwards on the outside, as here, gives outward faces.
     */
    public static TriangleMesh revolve(double[] rho, double[] z, int segments) {
        int m = rho.length;
        require(z.length == m, "profile has " + m + " radii but " + z.length + " heights");
        require(m >= 3, "a profile needs two poles and at least one ring, got " + m + " points");
        require(segments >= 3, "a surface of revolution needs at least 3 segments, got " + segments);
        require(rho[0] == 0 && rho[m - 1] == 0, "the profile must start and end on the axis (rho = 0)");
        for (int k = 1; k < m - 1; k++) {
            require(rho[k] > 0, "profile point " + k + " has rho = " + rho[k] + "; inner points need rho > 0");
        }
        int rings = m - 2;
        int n = 2 + rings * segments;
        double[] p = new double[3 * n];
        p[2] = z[0];
        int bottom = n - 1;
        p[3 * bottom + 2] = z[m - 1];
        for (int k = 0; k < rings; k++) {
            for (int j = 0; j < segments; j++) {
                double phi = 2 * Math.PI * j / segments;
                int v = 1 + k * segments + j;
                p[3 * v] = rho[k + 1] * Math.cos(phi);
                p[3 * v + 1] = rho[k + 1] * Math.sin(phi);
                p[3 * v + 2] = z[k + 1];
            }
        }
        int[] f = new int[3 * (2 * segments * rings)];
        int t = 0;
        for (int j = 0; j < segments; j++) {
            int j1 = (j + 1) % segments;
            t = put(f, t, 0, 1 + j, 1 + j1);
            for (int k = 0; k + 1 < rings; k++) {
                int a = 1 + k * segments + j;
                int b = 1 + k * segments + j1;
                int c = 1 + (k + 1) * segments + j;
                int d = 1 + (k + 1) * segments + j1;
                t = put(f, t, a, c, d);
                t = put(f, t, a, d, b);
            }
            int last = 1 + (rings - 1) * segments;
            t = put(f, t, bottom, last + j1, last + j);
        }
        return TriangleMesh.of(p, f);
    }

    /** Splits every face into four at its edge midpoints (shared midpoints, so a closed mesh stays closed). */
    public static TriangleMesh subdivide(TriangleMesh mesh) {
        int n = mesh.vertexCount();
        int nf = mesh.faceCount();
        double[] p = Arrays.copyOf(mesh.positions(), 3 * (n + 3 * nf));
        int[] f = new int[12 * nf];
        Map<Long, Integer> midpoints = new HashMap<>();
        int next = n;
        int t = 0;
        int[] mid = new int[3];
        for (int i = 0; i < nf; i++) {
            for (int k = 0; k < 3; k++) {
                int a = mesh.vertex(i, k);
                int b = mesh.vertex(i, (k + 1) % 3);
                long key = a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
                Integer m = midpoints.get(key);
                if (m == null) {
                    m = next++;
                    midpoints.put(key, m);
                    for (int c = 0; c < 3; c++) {
                        p[3 * m + c] = 0.5 * (mesh.coordinate(a, c) + mesh.coordinate(b, c));
                    }
                }
                mid[k] = m;
            }
            int a = mesh.vertex(i, 0);
            int b = mesh.vertex(i, 1);
            int c = mesh.vertex(i, 2);
            t = put(f, t, a, mid[0], mid[2]);
            t = put(f, t, mid[0], b, mid[1]);
            t = put(f, t, mid[2], mid[1], c);
            t = put(f, t, mid[0], mid[1], mid[2]);
        }
        return TriangleMesh.of(Arrays.copyOf(p, 3 * next), f);
    }

    /**
     * An open flat grid in the plane z = 0 of {@code nx x ny} squares of side {@code spacing}, each cut along the
     * diagonal from (i, j) to (i+1, j+1); vertex (i, j) is number j (nx + 1) + i. Normals point along +z.
     */
    public static TriangleMesh grid(int nx, int ny, double spacing) {
        require(nx >= 1 && ny >= 1, "a grid needs at least 1 x 1 squares, got " + nx + " x " + ny);
        positive(spacing, "spacing");
        double[] p = new double[3 * (nx + 1) * (ny + 1)];
        for (int j = 0; j <= ny; j++) {
            for (int i = 0; i <= nx; i++) {
                int v = j * (nx + 1) + i;
                p[3 * v] = i * spacing;
                p[3 * v + 1] = j * spacing;
            }
        }
        int[] f = new int[6 * nx * ny];
        int t = 0;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int a = j * (nx + 1) + i;
                t = put(f, t, a, a + 1, a + nx + 2);
                t = put(f, t, a, a + nx + 2, a + nx + 1);
            }
        }
        return TriangleMesh.of(p, f);
    }

    /**
     * An open flat grid of equilateral triangles of side {@code spacing} in the plane z = 0: {@code ny + 1} rows of
     * {@code nx + 1} vertices, odd rows shifted by half a side; vertex (i, j) is number j (nx + 1) + i. Interior
     * vertices have six neighbours at 60 degree steps. Normals point along +z.
     */
    public static TriangleMesh triangularGrid(int nx, int ny, double spacing) {
        require(nx >= 1 && ny >= 1, "a grid needs at least 1 x 1 cells, got " + nx + " x " + ny);
        positive(spacing, "spacing");
        double rowHeight = spacing * Math.sqrt(3) / 2;
        double[] p = new double[3 * (nx + 1) * (ny + 1)];
        for (int j = 0; j <= ny; j++) {
            for (int i = 0; i <= nx; i++) {
                int v = j * (nx + 1) + i;
                p[3 * v] = i * spacing + (j % 2 == 1 ? spacing / 2 : 0);
                p[3 * v + 1] = j * rowHeight;
            }
        }
        int[] f = new int[6 * nx * ny];
        int t = 0;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int a = j * (nx + 1) + i;
                int up = a + nx + 1;
                if (j % 2 == 0) {
                    t = put(f, t, a, a + 1, up);
                    t = put(f, t, a + 1, up + 1, up);
                } else {
                    t = put(f, t, a, a + 1, up + 1);
                    t = put(f, t, a, up + 1, up);
                }
            }
        }
        return TriangleMesh.of(p, f);
    }

    private static TriangleMesh icosahedron() {
        double t = (1 + Math.sqrt(5)) / 2;
        double[] p = {-1, t, 0, 1, t, 0, -1, -t, 0, 1, -t, 0, 0, -1, t, 0, 1, t, 0, -1, -t, 0, 1, -t, t, 0, -1, t,
            0, 1, -t, 0, -1, -t, 0, 1};
        int[] f = {0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
            3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1};
        return projectToSphere(outwardConvex(p, f), 1);
    }

    /** Flips faces of a convex polyhedron around the origin whose normal points inwards. */
    private static TriangleMesh outwardConvex(double[] p, int[] f) {
        int[] g = f.clone();
        for (int i = 0; i < g.length / 3; i++) {
            int a = g[3 * i];
            int b = g[3 * i + 1];
            int c = g[3 * i + 2];
            double[] u = new double[3];
            double[] v = new double[3];
            double[] centroid = new double[3];
            for (int k = 0; k < 3; k++) {
                u[k] = p[3 * b + k] - p[3 * a + k];
                v[k] = p[3 * c + k] - p[3 * a + k];
                centroid[k] = p[3 * a + k] + p[3 * b + k] + p[3 * c + k];
            }
            double nx = u[1] * v[2] - u[2] * v[1];
            double ny = u[2] * v[0] - u[0] * v[2];
            double nz = u[0] * v[1] - u[1] * v[0];
            if (nx * centroid[0] + ny * centroid[1] + nz * centroid[2] < 0) {
                g[3 * i + 1] = c;
                g[3 * i + 2] = b;
            }
        }
        return TriangleMesh.of(p, g);
    }

    private static TriangleMesh projectToSphere(TriangleMesh mesh, double radius) {
        double[] p = mesh.positions();
        for (int v = 0; v < p.length / 3; v++) {
            double len = Math.sqrt(p[3 * v] * p[3 * v] + p[3 * v + 1] * p[3 * v + 1] + p[3 * v + 2] * p[3 * v + 2]);
            for (int k = 0; k < 3; k++) {
                p[3 * v + k] *= radius / len;
            }
        }
        return mesh.withPositions(p);
    }

    private static TriangleMesh subdivideTimes(TriangleMesh mesh, int times) {
        require(times >= 0, "subdivisions must be >= 0, got " + times);
        for (int i = 0; i < times; i++) {
            mesh = subdivide(mesh);
        }
        return mesh;
    }

    private static int put(int[] f, int t, int a, int b, int c) {
        f[t] = a;
        f[t + 1] = b;
        f[t + 2] = c;
        return t + 3;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void positive(double x, String what) {
        require(x > 0 && Double.isFinite(x), what + " must be positive and finite, got " + x);
    }

    /** A profile for {@link #revolve}, built point by point. */
    private static final class Profile {
        private double[] rho = new double[16];
        private double[] z = new double[16];
        private int size;

        void add(double r, double height) {
            if (size == rho.length) {
                rho = Arrays.copyOf(rho, 2 * size);
                z = Arrays.copyOf(z, 2 * size);
            }
            rho[size] = r;
            z[size++] = height;
        }

        TriangleMesh revolve(int segments) {
            return MeshGenerators.revolve(Arrays.copyOf(rho, size), Arrays.copyOf(z, size), segments);
        }
    }
}
