package org.erlangen.neo4j.config;

import java.util.List;

/**
 * What a model predicts: a class or a number, for every node or for every graph; or, for link prediction, how
 * likely a relationship of one type is between two nodes.
 */
public enum Task {
    NODE_CLASSIFICATION("nodeClassification"),
    NODE_REGRESSION("nodeRegression"),
    GRAPH_CLASSIFICATION("graphClassification"),
    GRAPH_REGRESSION("graphRegression"),
    LINK_PREDICTION("linkPrediction");

    public static final List<String> NAMES = List.of("nodeClassification", "nodeRegression", "graphClassification",
            "graphRegression", "linkPrediction");

    private final String name;

    Task(String name) {
        this.name = name;
    }

    public String configName() {
        return name;
    }

    public boolean graphLevel() {
        return this == GRAPH_CLASSIFICATION || this == GRAPH_REGRESSION;
    }

    public boolean classification() {
        return this == NODE_CLASSIFICATION || this == GRAPH_CLASSIFICATION;
    }

    public boolean linkPrediction() {
        return this == LINK_PREDICTION;
    }

    /**
     * The metric reported and used for early stopping: accuracy or, for links, ROC-AUC (higher is better); RMSE
     * (lower is better).
     */
    public String metric() {
        return linkPrediction() ? "rocAuc" : classification() ? "accuracy" : "rmse";
    }

    public boolean higherIsBetter() {
        return classification() || linkPrediction();
    }

    public static Task of(String configName) {
        for (Task t : values()) {
            if (t.name.equals(configName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + configName + "'; known: " + String.join(", ", NAMES));
    }
}
