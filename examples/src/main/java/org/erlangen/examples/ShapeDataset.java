package org.erlangen.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;

/**
 * A generated mesh classification dataset: eight classes of closed shapes (sphere, ellipsoid, torus, cube, cylinder,
 * cone, capsule, hemisphere), each mesh with random proportions, resolution (about 100 to 650 vertices), scale
 * (log-uniform in [0.5, 2]), random remeshing by edge flips and noise along the normals. Shapes come axis-aligned,
 * as the generators make them; {@link #rotated} turns one at random.
 */
public final class ShapeDataset {
    public static final List<String> CLASSES = List.of("sphere", "ellipsoid", "torus", "cube", "cylinder", "cone",
            "capsule", "hemisphere");

    /** A mesh and its class index in {@link #CLASSES}. */
    public record Sample(TriangleMesh mesh, int label) {
    }

    private ShapeDataset() {
    }

    /** {@code perClass} meshes of each of the first {@code classes} classes, class by class, reproducible by seed. */
    public static List<Sample> generate(int classes, int perClass, long seed) {
        if (classes < 2 || classes > CLASSES.size()) {
            throw new IllegalArgumentException("classes must be in [2, " + CLASSES.size() + "], got " + classes);
        }
        if (perClass < 1) {
            throw new IllegalArgumentException("meshes per class must be >= 1, got " + perClass);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> out = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                out.add(new Sample(shape(c, random.split()), c));
            }
        }
        return out;
    }

    /** One random mesh of class {@code label}. */
    public static TriangleMesh shape(int label, SplittableRandom r) {
        TriangleMesh base = switch (CLASSES.get(label)) {
            case "sphere" -> r.nextBoolean() ? MeshGenerators.icosphere(1, 2)
                    : MeshGenerators.uvSphere(1, r.nextInt(8, 14), r.nextInt(12, 23));
            case "ellipsoid" -> MeshGenerators.ellipsoid(1, uniform(r, 0.45, 0.75), uniform(r, 0.25, 0.5),
                    r.nextDouble() < 0.7 ? 2 : 3);
            case "torus" -> MeshGenerators.torus(1, uniform(r, 0.25, 0.45), r.nextInt(18, 31), r.nextInt(8, 15));
            case "cube" -> MeshGenerators.cube(1, r.nextInt(5, 9));
            case "cylinder" -> MeshGenerators.cylinder(0.5, uniform(r, 0.8, 2.0), r.nextInt(14, 23),
                    r.nextInt(3, 9), r.nextInt(2, 4));
            case "cone" -> MeshGenerators.cone(0.6, uniform(r, 0.8, 1.6), r.nextInt(14, 23), r.nextInt(4, 9),
                    r.nextInt(2, 4));
            case "capsule" -> MeshGenerators.capsule(0.45, uniform(r, 0.6, 1.5), r.nextInt(14, 23),
                    r.nextInt(3, 6), r.nextInt(3, 7));
            case "hemisphere" -> MeshGenerators.hemisphere(1, r.nextInt(5, 9), r.nextInt(14, 23), r.nextInt(3, 6));
            default -> throw new IllegalStateException("unknown class " + label);
        };
        TriangleMesh flipped = MeshTransforms.randomEdgeFlips(base, (int) (uniform(r, 0, 0.15) * 1.5
                * base.faceCount()), r.nextLong());
        TriangleMesh noisy = MeshTransforms.normalNoise(flipped, uniform(r, 0, 0.1) * meanEdgeLength(flipped),
                r.nextLong());
        return MeshTransforms.randomScale(noisy, 0.5, 2, r.nextLong());
    }

    /** The mesh turned by a uniformly random rotation about the origin. */
    public static TriangleMesh rotated(TriangleMesh mesh, long seed) {
        return MeshTransforms.randomRotation(mesh, seed);
    }

    private static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    static double meanEdgeLength(TriangleMesh mesh) {
        double sum = 0;
        for (int f = 0; f < mesh.faceCount(); f++) {
            for (int k = 0; k < 3; k++) {
                int a = mesh.vertex(f, k);
                int b = mesh.vertex(f, (k + 1) % 3);
                double d2 = 0;
                for (int x = 0; x < 3; x++) {
                    double d = mesh.coordinate(a, x) - mesh.coordinate(b, x);
                    d2 += d * d;
                }
                sum += Math.sqrt(d2);
            }
        }
        return sum / (3.0 * mesh.faceCount());
    }
}
