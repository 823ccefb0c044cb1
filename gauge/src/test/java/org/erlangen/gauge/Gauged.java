package org.erlangen.gauge;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A gauge layer's input for the symmetry kit: features, one row per point, on the geometry that fixes their frames
 * (a {@link GaugeGraph}, or a {@link MeshHierarchy} for layers between levels).
 */
record Gauged<G>(G geometry, INDArray features) {
}
