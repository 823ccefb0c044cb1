package org.erlangen.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** The bytes Spark's tasks have written to shuffles since it was added: what a job moves between partitions. */
final class ShuffleBytes extends SparkListener {
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();

    static ShuffleBytes on(SparkContext sc) {
        ShuffleBytes listener = new ShuffleBytes();
        sc.addSparkListener(listener);
        return listener;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
            written.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
        }
        tasks.incrementAndGet();
    }

    /** The total so far, once the listener bus has caught up (it hears of tasks after their jobs end). */
    long settled() throws InterruptedException {
        long before;
        do {
            before = tasks.get();
            Thread.sleep(300);
        } while (tasks.get() != before);
        return written.get();
    }
}
