/**
 * Rotation-equivariant layers on the sphere, on the real orthonormal harmonics of mesh's
 * {@code org.erlangen.mesh.sphere} (coefficient index {@code l * l + l + m}, Driscoll-Healy grid index
 * {@code j * 2B + k}). Features are coefficients [batch, channels, L^2]; a rotation R acts on them degree by degree
 * through the real Wigner-D matrices D^l(R).
 *
 * <p>{@link org.erlangen.gauge.sphere.SphereTransforms} moves between grid signals and coefficients as
 * differentiable matrix products; {@link org.erlangen.gauge.sphere.SphericalConvolution} mixes channels per degree
 * (zonal filters, exactly equivariant); {@link org.erlangen.gauge.sphere.SphericalNonlinearity} applies an activation
 * on the grid (equivariant up to aliasing, which shrinks as the bandwidth grows);
 * {@link org.erlangen.gauge.sphere.DegreePower} pools to invariants; {@link org.erlangen.gauge.sphere.SphericalCnn}
 * stacks them into a small rotation-invariant classifier, which {@link org.erlangen.gauge.sphere.SphereClassifier}
 * trains. {@link org.erlangen.gauge.sphere.SphereProjection} puts square images (digits) onto the grid by inverse
 * stereographic projection, turned by any rotation exactly on the grid, and
 * {@link org.erlangen.gauge.sphere.UniformRotations} draws those rotations uniformly.
 */
package org.erlangen.gauge.sphere;
