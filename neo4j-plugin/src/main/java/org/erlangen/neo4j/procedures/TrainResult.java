package org.erlangen.neo4j.procedures;

import java.util.List;
import java.util.Map;

/**
 * The row {@code erlangen.model.train} yields: what was read, the split, the figures, one map per epoch, and warnings
 * (empty when fine) when a classifier learnt a constant or no more than the majority class. For link prediction the
 * counts are of links and the metric is ROC-AUC.
 */
public final class TrainResult {
    public String modelName;
    public String task;
    public String model;
    public long nodeCount;
    public long relationshipCount;
    public long graphCount;
    public long trainCount;
    public long validationCount;
    public long testCount;
    public String metric;
    public Double trainMetric;
    public Double validationMetric;
    public Double testMetric;
    public long bestEpoch;
    public long epochs;
    public long parameters;
    public long trainMillis;
    public List<Map<String, Object>> epochMetrics;
    public List<String> warnings;
    /**
     * Every figure of the training by name, as the model keeps it: for link prediction also the average precision
     * of each split ({@code testAveragePrecision}, GDS's AUCPR).
     */
    public Map<String, Object> metrics;
}
