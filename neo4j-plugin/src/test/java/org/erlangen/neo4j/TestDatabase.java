package org.erlangen.neo4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.erlangen.neo4j.catalog.ModelCatalog;
import org.erlangen.neo4j.procedures.ModelProcedures;
import org.erlangen.neo4j.procedures.PredictProcedures;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/** An in-process Neo4j with the plugin's procedures, reached over Bolt with the Java driver, as a user would. */
public final class TestDatabase implements AutoCloseable {
    private final Neo4j neo4j;
    private final Driver driver;
    private final Path models;

    private TestDatabase(Neo4j neo4j, Path models) {
        this.neo4j = neo4j;
        this.models = models;
        this.driver = GraphDatabase.driver(neo4j.boltURI(), AuthTokens.none(),
                Config.builder().withoutEncryption().build());
    }

    public static TestDatabase start() {
        return start(Map.of());
    }

    public static TestDatabase start(Map<Setting<?>, Object> settings) {
        try {
            Path models = Files.createTempDirectory("erlangen-models");
            Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder().withDisabledServer()
                    .withProcedure(ModelProcedures.class).withProcedure(PredictProcedures.class)
                    .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("erlangen.*"))
                    // closes in half a second instead of ten
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .withConfig(ErlangenSettings.MODELS_FOLDER, models);
            for (var e : settings.entrySet()) {
                builder = with(builder, e.getKey(), e.getValue());
            }
            return new TestDatabase(builder.build(), models);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Neo4jBuilder with(Neo4jBuilder builder, Setting<T> setting, Object value) {
        return builder.withConfig(setting, (T) value);
    }

    public Driver driver() {
        return driver;
    }

    /** The database itself, for tests of the reading code inside a transaction. */
    public org.neo4j.graphdb.GraphDatabaseService database() {
        return neo4j.defaultDatabaseService();
    }

    public Path models() {
        return models;
    }

    public List<Record> run(String cypher) {
        return run(cypher, Map.of());
    }

    public List<Record> run(String cypher, Map<String, Object> parameters) {
        try (Session session = driver.session()) {
            return session.run(cypher, parameters).list();
        }
    }

    public Record single(String cypher, Map<String, Object> parameters) {
        try (Session session = driver.session()) {
            return session.run(cypher, parameters).single();
        }
    }

    /** Empties the database and the catalog between tests. */
    public void clear() {
        run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS");
        for (Record r : run("CALL erlangen.model.list() YIELD modelName RETURN modelName")) {
            run("CALL erlangen.model.drop($name)", Map.of("name", r.get("modelName").asString()));
        }
        ModelCatalog.instance().clearMemory();
    }

    @Override
    public void close() {
        driver.close();
        neo4j.close();
    }
}
