package org.erlangen.testing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rigid motions of a graph's node positions ({@link Graph#positions()}, one 3D point per row): a rotation
 * {@code p -> R p}, a reflection (a rotation times a mirror, {@code det R = -1}) or a translation {@code p -> p + t}.
 * Edges and features stay. What a motion does to the output depends on what the output is ({@link Output}):
 * scalars stay, vectors turn, points turn and move.
 */
public final class Euclidean implements Group<Graph> {
    /** What each row of the output is under a motion. */
    public enum Output {
        /** Energies, invariant features: unchanged (or use {@link Equivariance#assertInvariant}). */
        SCALARS,
        /** Displacements, forces: {@code v -> R v}, rows of three. */
        VECTORS,
        /** Coordinates: {@code x -> R x + t}, rows of three. */
        POINTS
    }

    private enum Motion {
        ROTATION, REFLECTION, TRANSLATION
    }

    /** Translations are drawn standard normal times this: large next to molecules, to show any leak. */
    private static final double SHIFT = 10;

    private final Motion motion;
    private final Output output;

    private Euclidean(Motion motion, Output output) {
        this.motion = motion;
        this.output = output;
    }

    /** Uniformly random proper rotations, SO(3). */
    public static Euclidean rotations(Output output) {
        return new Euclidean(Motion.ROTATION, output);
    }

    /** Uniformly random improper rotations: with {@link #rotations} they make O(3). */
    public static Euclidean reflections(Output output) {
        return new Euclidean(Motion.REFLECTION, output);
    }

    /** Random translations, each coordinate normal with standard deviation 10. */
    public static Euclidean translations(Output output) {
        return new Euclidean(Motion.TRANSLATION, output);
    }

    @Override
    public String name() {
        return switch (motion) {
            case ROTATION -> "rotations";
            case REFLECTION -> "reflections";
            case TRANSLATION -> "translations";
        } + " of positions, output " + output.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Element<Graph> draw(Graph input, Random random) {
        double[][] r = motion == Motion.TRANSLATION ? identity() : randomRotation(random);
        if (motion == Motion.REFLECTION) {
            for (double[] row : r) {
                row[2] = -row[2]; // times diag(1, 1, -1): det -1, and uniform over improper rotations
            }
        }
        double[] t = new double[3];
        if (motion == Motion.TRANSLATION) {
            for (int k = 0; k < 3; k++) {
                t[k] = SHIFT * random.nextGaussian();
            }
        }
        String description = motion == Motion.TRANSLATION ? "t = " + format(t) : "R = " + format(r);
        return Element.of(description, g -> {
            if (g.positions() == null) {
                throw new IllegalArgumentException("a rigid motion moves positions, and this graph has none");
            }
            return g.toBuilder().positions(move(g.positions(), r, t)).build();
        }, y -> switch (output) {
            case SCALARS -> y;
            case VECTORS -> move(y, r, new double[3]);
            case POINTS -> move(y, r, t);
        });
    }

    /** A uniformly random rotation matrix, from a uniformly random unit quaternion (Shoemake 1992). */
    public static double[][] randomRotation(Random random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        double u3 = random.nextDouble();
        double a = Math.sqrt(1 - u1) * Math.sin(2 * Math.PI * u2);
        double b = Math.sqrt(1 - u1) * Math.cos(2 * Math.PI * u2);
        double c = Math.sqrt(u1) * Math.sin(2 * Math.PI * u3);
        double w = Math.sqrt(u1) * Math.cos(2 * Math.PI * u3);
        return new double[][] {
            {1 - 2 * (b * b + c * c), 2 * (a * b - c * w), 2 * (a * c + b * w)},
            {2 * (a * b + c * w), 1 - 2 * (a * a + c * c), 2 * (b * c - a * w)},
            {2 * (a * c - b * w), 2 * (b * c + a * w), 1 - 2 * (a * a + b * b)}};
    }

    /** {@code R p + t} for every row p of three, computed in float64 and returned in the array's data type. */
    public static INDArray move(INDArray rowsOfThree, double[][] r, double[] t) {
        if (rowsOfThree.rank() != 2 || rowsOfThree.size(1) != 3) {
            throw new IllegalArgumentException("points and vectors are rows of three, got shape "
                    + Arrays.toString(rowsOfThree.shape()));
        }
        double[][] p = rowsOfThree.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] out = new double[p.length][3];
        for (int i = 0; i < p.length; i++) {
            for (int a = 0; a < 3; a++) {
                double s = t[a];
                for (int b = 0; b < 3; b++) {
                    s += r[a][b] * p[i][b];
                }
                out[i][a] = s;
            }
        }
        return (p.length == 0 ? Nd4j.create(DataType.DOUBLE, 0, 3)
                : Nd4j.createFromArray(out)).castTo(rowsOfThree.dataType());
    }

    private static double[][] identity() {
        return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    }

    private static String format(double[] v) {
        return String.format(Locale.ROOT, "[%.4f, %.4f, %.4f]", v[0], v[1], v[2]);
    }

    private static String format(double[][] m) {
        return "[" + format(m[0]) + ", " + format(m[1]) + ", " + format(m[2]) + "]";
    }
}
