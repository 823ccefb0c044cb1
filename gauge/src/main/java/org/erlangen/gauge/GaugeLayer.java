package org.erlangen.gauge;

import org.erlangen.tensor.Tensor;

/**
 * A layer on features of a declared type over a gauge graph, meant to be gauge equivariant: in any other gauge
 * ({@link GaugeGraph#withGauge}) with input {@code rho_in(-alpha_v) x_v} it gives {@code rho_out(-alpha_v) y_v}.
 * The symmetry tests check that from the declarations alone (the test kit's gauge changes, {@code GaugeChanges}).
 */
public interface GaugeLayer {
    Irreps irrepsIn();

    Irreps irrepsOut();

    /** Features [N, irrepsIn().dim()] to features [N, irrepsOut().dim()]. */
    Tensor forward(GaugeGraph graph, Tensor x);
}
