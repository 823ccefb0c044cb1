package org.erlangen.neo4j.procedures;

import java.util.List;

/** One node's embedding: its element id and its last hidden layer. */
public final class EmbeddingRow {
    public String nodeId;
    public List<Double> embedding;
}
