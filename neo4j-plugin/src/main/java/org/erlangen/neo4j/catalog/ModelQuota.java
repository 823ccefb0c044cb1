package org.erlangen.neo4j.catalog;

import org.erlangen.neo4j.model.MemoryEstimate;

/**
 * How much each user may keep in the models folder: {@code count} model files of {@code bytes} in all
 * ({@code dbms.erlangen.models.quota.count} and {@code dbms.erlangen.models.quota.bytes}).
 */
public record ModelQuota(int count, long bytes) {
    public ModelQuota {
        if (count < 0 || bytes < 0) {
            throw new IllegalArgumentException("a model quota cannot be negative: " + count + " models, " + bytes
                    + " bytes");
        }
    }

    /** Refuses a store that would leave the user with {@code models} files of {@code total} bytes. */
    void check(String name, int models, long total, long fileBytes) {
        if (models > count) {
            throw new IllegalArgumentException("model '" + name + "' is not stored: it would be stored model number "
                    + models + ", more than the " + count + " each user may keep (dbms.erlangen.models.quota.count); "
                    + "drop a stored model first");
        }
        if (total > bytes) {
            throw new IllegalArgumentException("model '" + name + "' is not stored: its file of "
                    + MemoryEstimate.human(fileBytes) + " would bring the user's stored models to "
                    + MemoryEstimate.human(total) + ", more than the " + MemoryEstimate.human(bytes)
                    + " each user may keep (dbms.erlangen.models.quota.bytes); drop a stored model first");
        }
    }
}
