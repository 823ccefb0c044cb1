package org.erlangen.neo4j.procedures;

/**
 * What {@code erlangen.predict.write} yields: node properties written, or for a link-prediction model the
 * relationships created (each with {@code writeProperty}).
 */
public final class WriteResult {
    public String writeProperty;
    public long nodePropertiesWritten;
    public long relationshipsWritten;
    public long nodeCount;
    public long graphCount;
    public long computeMillis;
    public long writeMillis;
}
