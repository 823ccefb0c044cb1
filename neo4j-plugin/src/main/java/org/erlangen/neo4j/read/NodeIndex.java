package org.erlangen.neo4j.read;

import java.util.Arrays;
import org.erlangen.primitives.LongIntMap;

/**
 * Where each selected node sits in the selection: node id to position, -1 for nodes not selected. Looked up once per
 * relationship end, so it is the hot loop of reading edges. Node ids are record ids, mostly dense, so a table indexed
 * by id is used when it costs at most four slots per node; otherwise a hash map.
 */
final class NodeIndex {
    private static final int SLOTS_PER_NODE = 4;

    private final long min;
    private final int[] table;
    private final LongIntMap hashed;

    private NodeIndex(long min, int[] table, LongIntMap hashed) {
        this.min = min;
        this.table = table;
        this.hashed = hashed;
    }

    static NodeIndex of(long[] ids) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long id : ids) {
            min = Math.min(min, id);
            max = Math.max(max, id);
        }
        if (ids.length > 0 && max - min < (long) SLOTS_PER_NODE * ids.length + 1024) {
            int[] table = new int[(int) (max - min + 1)];
            Arrays.fill(table, -1);
            for (int i = 0; i < ids.length; i++) {
                table[(int) (ids[i] - min)] = i;
            }
            return new NodeIndex(min, table, null);
        }
        LongIntMap hashed = new LongIntMap(ids.length);
        for (int i = 0; i < ids.length; i++) {
            hashed.put(ids[i], i);
        }
        return new NodeIndex(0, null, hashed);
    }

    int get(long id) {
        if (table == null) {
            return hashed.get(id);
        }
        long slot = id - min;
        return slot >= 0 && slot < table.length ? table[(int) slot] : -1;
    }
}
