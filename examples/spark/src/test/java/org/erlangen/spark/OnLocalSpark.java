package org.erlangen.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that runs on one {@link LocalSpark} session, started before its tests and stopped after them. */
abstract class OnLocalSpark {
    static SparkSession spark;
    static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start();
        sc = LocalSpark.context(spark);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }
}
