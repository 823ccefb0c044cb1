package org.erlangen.gauge.sphere;

import java.util.random.RandomGenerator;
import org.erlangen.mesh.sphere.Rotation3;

/**
 * Rotations drawn uniformly from SO(3) (the Haar measure): a uniformly random unit quaternion by Shoemake's (1992)
 * method, three uniform numbers per rotation. Drawing Euler angles uniformly would not do: it crowds the poles.
 */
public final class UniformRotations {
    private UniformRotations() {
    }

    public static Rotation3 draw(RandomGenerator random) {
        double u1 = random.nextDouble();
        double u2 = 2 * Math.PI * random.nextDouble();
        double u3 = 2 * Math.PI * random.nextDouble();
        double a = Math.sqrt(1 - u1);
        double b = Math.sqrt(u1);
        double w = a * Math.sin(u2);
        double x = a * Math.cos(u2);
        double y = b * Math.sin(u3);
        double z = b * Math.cos(u3);
        return new Rotation3(
                1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
                2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
                2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y));
    }
}
