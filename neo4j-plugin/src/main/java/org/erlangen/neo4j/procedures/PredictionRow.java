package org.erlangen.neo4j.procedures;

import java.util.List;

/**
 * One prediction: for a node (its element id) or, for graph-level models, for a graph (its id). For link-prediction
 * models, one predicted link: from {@code nodeId} to {@code targetNodeId}, with its probability as the prediction.
 */
public final class PredictionRow {
    public String nodeId;
    public String targetNodeId;
    public Object graphId;
    public Object prediction;
    /** Class probabilities in the order of the model's classes (see erlangen.model.list); null for regression. */
    public List<Double> probabilities;
}
