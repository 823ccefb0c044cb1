package org.erlangen.examples.neo4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.erlangen.neo4j.ErlangenSettings;
import org.erlangen.neo4j.procedures.ModelProcedures;
import org.erlangen.neo4j.procedures.PredictProcedures;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A Neo4j database inside this JVM, with Erlangen's procedures registered and Bolt on a free loopback port, so the
 * demo talks to it through the Java driver exactly as it would talk to a server: nothing to install. Its files live
 * in a temporary folder that is deleted on close.
 */
public final class EmbeddedNeo4j implements AutoCloseable {
    private final Path home;
    private final DatabaseManagementService service;
    private final Driver driver;
    private final int port;
    private final GraphDatabaseAPI db;

    private EmbeddedNeo4j(Path home, DatabaseManagementService service, int port, GraphDatabaseAPI db) {
        this.db = db;
        this.home = home;
        this.service = service;
        this.port = port;
        this.driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.none(),
                Config.builder().withoutEncryption().withLogging(Logging.none()).build());
    }

    public static EmbeddedNeo4j start() throws IOException {
        return start(List.of(), List.of());
    }

    /**
     * With more procedure classes (by name, so that optional ones, such as Graph Data Science's for the benchmark,
     * need only be on the classpath when asked for) and the namespaces they need unrestricted.
     */
    public static EmbeddedNeo4j start(List<String> moreProcedures, List<String> moreUnrestricted)
            throws IOException {
        Path home = Files.createTempDirectory("erlangen-neo4j");
        // erlangen.* needs no unrestricted access: its settings come from ErlangenExtension
        List<String> unrestricted = new ArrayList<>(moreUnrestricted);
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, unrestricted)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(ErlangenSettings.MODELS_FOLDER, home.resolve("models"))
                .build();
        GraphDatabaseAPI db = (GraphDatabaseAPI) service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        var resolver = db.getDependencyResolver();
        GlobalProcedures procedures = resolver.resolveDependency(GlobalProcedures.class);
        try {
            procedures.registerProcedure(ModelProcedures.class);
            procedures.registerProcedure(PredictProcedures.class);
            for (String name : moreProcedures) {
                procedures.registerProcedure(Class.forName(name));
            }
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            service.shutdown();
            throw new IllegalStateException("procedure class not on the classpath: " + e.getMessage(), e);
        } catch (Exception e) {
            service.shutdown();
            throw new IllegalStateException("could not register Erlangen's procedures: " + e.getMessage(), e);
        }
        int port = resolver.resolveDependency(ConnectorPortRegister.class).getLocalAddress(ConnectorType.BOLT)
                .getPort();
        return new EmbeddedNeo4j(home, service, port, db);
    }

    /** The database itself, for bulk loading through the embedded API. */
    public GraphDatabaseAPI database() {
        return db;
    }

    public Driver driver() {
        return driver;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        driver.close();
        service.shutdown();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
