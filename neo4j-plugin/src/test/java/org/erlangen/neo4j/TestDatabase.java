package org.erlangen.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.neo4j.driver.AuthToken;
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
 * (unless the class keeps data it created once), and stops after the class. As the README tells administrators, the
 * procedures are allowed by {@code dbms.security.procedures.allowlist=erlangen.*} alone, without unrestricted access.
 * With {@link #withAuthentication()} the server asks for credentials: the extension's own driver logs in as an
 * administrator it creates, and tests create their users with {@link #createUser} and connect with {@link #driverAs}.
 */
public final class TestDatabase implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private static final String ADMIN = "erlangen-admin";
    private static final String ADMIN_PASSWORD = "erlangen-admin-password";

    private final List<UnaryOperator<Neo4jBuilder>> settings = new ArrayList<>();
    private boolean keepData;
    private boolean authentication;
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

    /** Starts the database with authentication on. */
    public TestDatabase withAuthentication() {
        authentication = true;
        return with(GraphDatabaseSettings.auth_enabled, true);
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
                .withConfig(GraphDatabaseSettings.procedure_allowlist, List.of("erlangen.*"))
                // closes in half a second instead of ten
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period,
                        SettingText.parse(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, "0"))
                .withConfig(ErlangenSettings.MODELS_FOLDER, models);
        for (var setting : settings) {
            builder = setting.apply(builder);
        }
        Neo4j neo4j = builder.build();
        if (authentication) {
            createUser(neo4j, ADMIN, ADMIN_PASSWORD);
        }
        running = new Running(neo4j, connect(neo4j, authentication ? AuthTokens.basic(ADMIN, ADMIN_PASSWORD)
                : AuthTokens.none()), models);
    }

    private static Driver connect(Neo4j neo4j, AuthToken token) {
        return GraphDatabase.driver(neo4j.boltURI(), token, Config.builder().withoutEncryption().build());
    }

    /** Creates a database user (through the system database, as an administrator would). */
    public void createUser(String user, String password) {
        createUser(running().neo4j(), user, password);
    }

    private static void createUser(Neo4j neo4j, String user, String password) {
        neo4j.databaseManagementService().database("system").executeTransactionally(
                "CREATE USER $user IF NOT EXISTS SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("user", user, "password", password));
    }

    /** A driver that logs in as {@code user}; the caller closes it. */
    public Driver driverAs(String user, String password) {
        return connect(running().neo4j(), AuthTokens.basic(user, password));
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

    /** Empties the database and the catalog, every user's stored models included. */
    public void clear() {
        run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS");
        for (Record r : run("CALL erlangen.model.list() YIELD modelName RETURN modelName")) {
            run("CALL erlangen.model.drop($name)", Map.of("name", r.get("modelName").asString()));
        }
        ModelCatalog.instance().clearMemory();
        try (var files = Files.walk(models())) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(models())).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
