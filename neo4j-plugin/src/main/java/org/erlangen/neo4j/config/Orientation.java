package org.erlangen.neo4j.config;

import java.util.List;

/** Which way messages flow along a relationship, as in Neo4j GDS projections. */
public enum Orientation {
    /** from the start node to the end node */
    NATURAL,
    /** from the end node to the start node */
    REVERSE,
    /** both ways */
    UNDIRECTED;

    public static final List<String> NAMES = List.of("NATURAL", "REVERSE", "UNDIRECTED");
}
