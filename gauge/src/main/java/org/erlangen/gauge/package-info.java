/**
 * Gauge-equivariant mesh CNNs (GEM-CNN, de Haan, Weiler, Cohen and Welling, ICLR 2021).
 *
 * <p><b>Features.</b> A vertex carries a stack of SO(2) irreps, {@link org.erlangen.gauge.Irreps} ("16x0+16x1+16x2"):
 * order 0 is one invariant channel, order n a (cos, sin) pair that turns by n times an angle. Features of N vertices
 * are a matrix [N, dim].
 *
 * <p><b>Geometry.</b> {@link org.erlangen.gauge.GaugeGraph} holds, for edge q -> p (sender q, receiver p, the graph's
 * stored edge order, which is {@link org.erlangen.mesh.MeshGeometry}'s), the log-map angle theta_pq of q in p's frame
 * and the connection angle g_{q->p}: a vector at angle phi in q's frame is at phi + g in p's frame after transport,
 * so a feature is transported by rho(g_{q->p}).
 *
 * <p><b>Gauge change.</b> Turning every frame by alpha_v (counter-clockwise about the normal) gives theta_pq - alpha_p,
 * g_{q->p} + alpha_q - alpha_p and features rho(-alpha_v) f_v ({@link org.erlangen.gauge.GaugeGraph#withGauge}); a
 * gauge-equivariant layer's output then changes as rho_out(-alpha_p) out_p, which the symmetry tests check for any
 * {@link org.erlangen.gauge.GaugeLayer} from the types it declares.
 *
 * <p><b>Layers.</b> {@link org.erlangen.gauge.GemConv} (rotate in, unconstrained linear map per radial ring, rotate
 * out, plus a self-interaction intertwiner and an order-0 bias), {@link org.erlangen.gauge.EquivariantLinear},
 * {@link org.erlangen.gauge.RegularNonlinearity} (approximately equivariant), {@link org.erlangen.gauge.GemResBlock},
 * {@link org.erlangen.gauge.TransportPool} between the levels of a {@link org.erlangen.gauge.MeshHierarchy},
 * {@link org.erlangen.gauge.InvariantReadout}; {@link org.erlangen.gauge.GemMeshModel} and
 * {@link org.erlangen.gauge.MeshClassifier} put them together for mesh classification.
 */
package org.erlangen.gauge;
