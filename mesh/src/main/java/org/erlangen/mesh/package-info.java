/**
 * Triangle meshes for geometric deep learning: {@link org.erlangen.mesh.TriangleMesh} (immutable arrays),
 * validation and repair with file locations, half-edge connectivity with counter-clockwise one-rings, float64
 * measures (areas, normals, cotangent Laplacian, curvature), and the per-edge geometry of gauge-equivariant
 * convolution ({@link org.erlangen.mesh.MeshGeometry}: tangent frames, log map, connection angles), aligned with
 * graph-core's edge order by {@link org.erlangen.mesh.MeshGraphs}. File formats live in
 * {@code org.erlangen.mesh.io}, shape generators and transforms in {@code org.erlangen.mesh.gen}, sampling and
 * pooling indices in {@code org.erlangen.mesh.sampling}.
 *
 * <p>Conventions: positions flat (x y z per vertex), faces flat (three indices), counter-clockwise seen from
 * outside; a message flows along an edge from the sender (neighbour q) to the receiver (centre p).
 */
package org.erlangen.mesh;
