package org.erlangen.neo4j.procedures;

/** What {@code erlangen.predict.write} yields. */
public final class WriteResult {
    public String writeProperty;
    public long nodePropertiesWritten;
    public long nodeCount;
    public long graphCount;
    public long computeMillis;
    public long writeMillis;
}
