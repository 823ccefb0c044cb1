package org.erlangen.sparse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Values computed from a pattern once and kept with it ({@link Csr#derived}, {@link Segments#derived}); the map is
 * made on first use.
 */
final class DerivedValues {
    private volatile Map<Object, Object> values;

    @SuppressWarnings("unchecked")
    <T> T get(Object key, Supplier<T> compute) {
        Map<Object, Object> local = values;
        if (local == null) {
            synchronized (this) {
                local = values;
                if (local == null) {
                    local = new ConcurrentHashMap<>();
                    values = local;
                }
            }
        }
        Object value = local.get(key);
        if (value == null) {
            value = compute.get();
            Object earlier = local.putIfAbsent(key, value);
            if (earlier != null) {
                value = earlier;
            }
        }
        return (T) value;
    }
}
