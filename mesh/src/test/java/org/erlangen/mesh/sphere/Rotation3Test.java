package org.erlangen.mesh.sphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Rotation3Test {

    private static void assertRotationEquals(Rotation3 expected, Rotation3 actual) {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(expected.entry(i, j), actual.entry(i, j), 1e-14, "entry (" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void axisAngleMatchesTheCoordinateRotations() {
        assertRotationEquals(Rotation3.aboutZ(0.3), Rotation3.axisAngle(0, 0, 2, 0.3));
        assertRotationEquals(Rotation3.aboutY(-1.1), Rotation3.axisAngle(0, 5, 0, -1.1));
        var quarter = Rotation3.aboutZ(Math.PI / 2).apply(new double[] {1, 0, 0});
        assertEquals(0, quarter[0], 1e-15);
        assertEquals(1, quarter[1], 1e-15);
        var tilt = Rotation3.aboutY(Math.PI / 2).apply(new double[] {0, 0, 1});
        assertEquals(1, tilt[0], 1e-15, "about y, z turns towards x");
    }

    @Test
    void zyzAppliesGammaFirst() {
        double alpha = 0.4, beta = 1.3, gamma = -2.0;
        var r = Rotation3.zyz(alpha, beta, gamma);
        var v = new double[] {0.2, -0.5, 0.7};
        var expected = Rotation3.aboutZ(alpha).apply(Rotation3.aboutY(beta).apply(Rotation3.aboutZ(gamma).apply(v)));
        var actual = r.apply(v);
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], actual[i], 1e-15);
        }
        // the north pole goes to colatitude beta, longitude alpha
        var pole = r.apply(new double[] {0, 0, 1});
        assertEquals(Math.cos(beta), pole[2], 1e-15);
        assertEquals(alpha, Math.atan2(pole[1], pole[0]), 1e-14);
    }

    @Test
    void inverseUndoesTheRotation() {
        var r = Rotation3.axisAngle(1, 2, -3, 0.9);
        assertRotationEquals(Rotation3.identity(), r.compose(r.inverse()));
        assertRotationEquals(Rotation3.identity(), r.inverse().compose(r));
        assertRotationEquals(Rotation3.axisAngle(1, 2, -3, -0.9), r.inverse());
    }

    @Test
    void rejectsMatricesThatAreNotRotations() {
        assertThrows(IllegalArgumentException.class, () -> new Rotation3(1, 0, 0, 0, 1, 0, 0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new Rotation3(1, 0.1, 0, 0, 1, 0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Rotation3.axisAngle(0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Rotation3.identity().apply(new double[2]));
    }
}
