/**
 * The sphere S^2 as a domain: equiangular sampling with exact quadrature ({@link
 * org.erlangen.mesh.sphere.DriscollHealyGrid}), real orthonormal spherical harmonics evaluated by a stable
 * recurrence ({@link org.erlangen.mesh.sphere.AssociatedLegendre}, {@link
 * org.erlangen.mesh.sphere.SphericalHarmonics}), the forward and inverse spherical harmonic transform ({@link
 * org.erlangen.mesh.sphere.SphericalTransform}), and rotations acting on functions and on their coefficients
 * ({@link org.erlangen.mesh.sphere.Rotation3}, {@link org.erlangen.mesh.sphere.WignerD}).
 *
 * <p>Conventions shared by every class here: colatitude theta in [0, pi] measured from +z, longitude phi from +x
 * towards +y, the point (sin theta cos phi, sin theta sin phi, cos theta); harmonics are real, orthonormal under
 * the surface measure (integral over the sphere of Y_lm^2 is 1), without the Condon-Shortley phase; coefficients
 * of degree l and order m sit at index {@code l * l + l + m}; grid values at index {@code j * 2B + k} (ring j,
 * longitude k).
 *
 * <p>The equivariant layers built on this domain live in gauge ({@code org.erlangen.gauge.sphere}). Not here yet: fast
 * (FFT-based or O(B^2 log^2 B)) transforms, and SO(3) grids.
 */
package org.erlangen.mesh.sphere;
