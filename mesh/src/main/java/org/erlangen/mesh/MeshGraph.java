package org.erlangen.mesh;

import org.erlangen.graph.Graph;

/**
 * A mesh as a graph-core graph, with the float64 geometry whose edge arrays line up with the graph's stored edges
 * (edge e of {@code geometry} is entry e of {@code graph.adjacency()}), and the connectivity they came from.
 */
public record MeshGraph(Graph graph, MeshGeometry geometry, HalfEdgeMesh halfEdges) {
}
