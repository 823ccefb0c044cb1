package org.erlangen.neo4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.erlangen.neo4j.catalog.ModelCatalog;
import org.erlangen.neo4j.procedures.ModelProcedures;
import org.erlangen.neo4j.procedures.PredictProcedures;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/**
 * An in-process Neo4j with the plugin's procedures, reached over Bolt with the Java driver, as a user would. A test
 * class registers one as a static extension, with the settings it needs:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestDatabase db = TestDatabase.create().with(GraphDatabaseSettings.some_setting, value);
 * }</pre>
 *
 * It starts before the class's {@code @BeforeAll} methods, empties the database and the catalog before each test
 * (unless the class keeps data it created once), and stops after the class.
 */
public final class TestDatabase implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final List<UnaryOperator<Neo4jBuilder>> settings = new ArrayList<>();
    private boolean keepData;
    private Running running;

    /** The started database, its driver and its models folder. */
    private record Running(Neo4j neo4j, Driver driver, Path models) {
    }

    private TestDatabase() {
    }

    public static TestDatabase create() {
        return new TestDatabase();
    }

    /** Starts the database with this setting as well. */
    public <T> TestDatabase with(Setting<T> setting, T value) {
        settings.add(builder -> builder.withConfig(setting, value));
        return this;
    }

    /** Keeps the data between tests, for classes that create it once in {@code @BeforeAll}. */
    public TestDatabase keepingDataBetweenTests() {
        keepData = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path models = Files.createTempDirectory("erlangen-models");
        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder().withDisabledServer()
                .withProcedure(ModelProcedures.class).withProcedure(PredictProcedures.class)
                .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("erlangen.*"))
                // closes in half a second instead of ten
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .withConfig(ErlangenSettings.MODELS_FOLDER, models);
        for (var setting : settings) {
            builder = setting.apply(builder);
        }
        Neo4j neo4j = builder.build();
        running = new Running(neo4j, GraphDatabase.driver(neo4j.boltURI(), AuthTokens.none(),
                Config.builder().withoutEncryption().build()), models);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!keepData) {
            clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        running.driver().close();
        running.neo4j().close();
        running = null;
    }

    private Running running() {
        if (running == null) {
            throw new IllegalStateException("the test database is not running: register it as a static "
                    + "@RegisterExtension field, and use it from @BeforeAll on");
        }
        return running;
    }

    public Driver driver() {
        return running().driver();
    }

    /** The database itself, for tests of the reading code inside a transaction. */
    public GraphDatabaseService database() {
        return running().neo4j().defaultDatabaseService();
    }

    public Path models() {
        return running().models();
    }

    public List<Record> run(String cypher) {
        return run(cypher, Map.of());
    }

    public List<Record> run(String cypher, Map<String, Object> parameters) {
        try (Session session = driver().session()) {
            return session.run(cypher, parameters).list();
        }
    }

    public Record single(String cypher, Map<String, Object> parameters) {
        try (Session session = driver().session()) {
            return session.run(cypher, parameters).single();
        }
    }

    /** Empties the database and the catalog. */
    public void clear() {
        run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS");
        for (Record r : run("CALL erlangen.model.list() YIELD modelName RETURN modelName")) {
            run("CALL erlangen.model.drop($name)", Map.of("name", r.get("modelName").asString()));
        }
        ModelCatalog.instance().clearMemory();
    }
}
