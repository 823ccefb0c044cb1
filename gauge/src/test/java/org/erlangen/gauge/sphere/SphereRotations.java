package org.erlangen.gauge.sphere;

import java.util.Random;
import org.erlangen.mesh.sphere.Rotation3;
import org.erlangen.mesh.sphere.WignerD;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Group;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SO(3) acting on spherical coefficients [batch, channels, L^2] for the test kit: a random rotation R (Z-Y-Z Euler
 * angles drawn uniformly) multiplies each degree l of every channel by the real Wigner-D matrix D^l(R), inputs and
 * outputs alike.
 */
final class SphereRotations implements Group<Tensor> {
    private final WignerD wigner;

    /** Rotations of coefficients of degree below {@code degreeBound}. */
    SphereRotations(int degreeBound) {
        wigner = new WignerD(degreeBound);
    }

    @Override
    public String name() {
        return "SO(3) on spherical coefficients of degree below " + wigner.degreeBound();
    }

    @Override
    public Element<Tensor> draw(Tensor input, Random random) {
        double alpha = 2 * Math.PI * random.nextDouble();
        double beta = Math.PI * random.nextDouble();
        double gamma = 2 * Math.PI * random.nextDouble();
        var d = wigner.matrices(Rotation3.zyz(alpha, beta, gamma));
        return Element.of("rotation zyz(" + alpha + ", " + beta + ", " + gamma + ")",
                x -> Tensor.constant(rotate(x.data(), d)), y -> rotate(y, d));
    }

    /** Each degree of every row of {@code a} [batch, channels, L^2] multiplied by D^l. */
    static INDArray rotate(INDArray a, double[][][] d) {
        int n = (int) a.size(2);
        int degrees = (int) Math.round(Math.sqrt(n));
        if (a.rank() != 3 || degrees * degrees != n || degrees > d.length) {
            throw new IllegalArgumentException("rotating needs coefficients [batch, channels, L^2] with L <= "
                    + d.length + ", got n = " + n);
        }
        double[] in = a.dup('c').data().asDouble();
        double[] out = new double[in.length];
        for (int row = 0; row < in.length / n; row++) {
            int offset = row * n;
            for (int l = 0; l < degrees; l++) {
                int base = offset + l * l;
                for (int i = 0; i <= 2 * l; i++) {
                    double s = 0;
                    for (int j = 0; j <= 2 * l; j++) {
                        s += d[l][i][j] * in[base + j];
                    }
                    out[base + i] = s;
                }
            }
        }
        return Nd4j.create(out, a.shape(), 'c').castTo(a.dataType());
    }
}
