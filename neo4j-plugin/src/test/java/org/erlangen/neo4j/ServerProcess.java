package org.erlangen.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * A real Neo4j server in a child process, as an administrator would run it: {@code lib/} holds the server's jars,
 * {@code plugins/} the plugin jar, {@code conf/neo4j.conf} the settings, and {@code Neo4jCommand console} starts it.
 * Everything it writes (data, logs, the models folder, JavaCPP's extracted natives) stays under its home folder.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(240);

    private final Path home;
    private final int boltPort;
    private final Process process;
    private final Driver driver;
    /** Stops the server if the test JVM exits without closing it (an aborted run). */
    private final Thread stopOnExit;

    private ServerProcess(Path home, int boltPort, Process process, Driver driver) {
        this.home = home;
        this.boltPort = boltPort;
        this.process = process;
        this.driver = driver;
        this.stopOnExit = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        });
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts the server in {@code home} (whose {@code lib/} must hold the server's jars) with {@code pluginJar}
     * installed and {@code extraSettings} appended to neo4j.conf, and waits until Bolt answers. Data and logs of an
     * earlier run are removed first.
     */
    static ServerProcess start(Path home, Path pluginJar, List<String> extraSettings) throws IOException {
        Path lib = home.resolve("lib");
        if (!hasServerJars(lib)) {
            throw new IllegalStateException("no Neo4j server jars in " + lib + "; run with mvn -P e2e verify");
        }
        if (!Files.isRegularFile(pluginJar)) {
            throw new IllegalStateException("no plugin jar at " + pluginJar + "; run with mvn -P e2e verify");
        }
        for (String dir : List.of("data", "logs", "run", "plugins", "conf")) {
            deleteTree(home.resolve(dir));
        }
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("logs"));
        Files.copy(pluginJar, home.resolve("plugins").resolve(pluginJar.getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
        int port = freePort();
        List<String> conf = new ArrayList<>(List.of(
                "server.default_listen_address=127.0.0.1",
                "server.default_advertised_address=127.0.0.1",
                "server.bolt.listen_address=127.0.0.1:" + port,
                "server.bolt.tls_level=DISABLED",
                "server.http.enabled=false",
                "server.https.enabled=false",
                "dbms.security.auth_enabled=false",
                // as the README asks of administrators: allowed, never unrestricted
                "dbms.security.procedures.allowlist=erlangen.*",
                "dbms.usage_report.enabled=false",
                "server.memory.heap.initial_size=256m",
                "server.memory.heap.max_size=1g",
                "server.memory.pagecache.size=64m",
                "server.directories.data=data",
                "server.directories.logs=logs",
                "server.directories.plugins=plugins",
                "server.directories.run=run",
                "server.directories.import=import",
                // stops in a second instead of ten (two Bolt connectors, five seconds each)
                "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
                // from the neo4j.conf that ships with the server, so the plugin runs as it would there
                "server.jvm.additional=-XX:+UseG1GC",
                "server.jvm.additional=-XX:-OmitStackTraceInFastThrow",
                "server.jvm.additional=-XX:+DisableExplicitGC",
                "server.jvm.additional=-Djdk.nio.maxCachedBufferSize=1024",
                "server.jvm.additional=-Dio.netty.tryReflectionSetAccessible=true",
                "server.jvm.additional=--add-opens=java.base/java.nio=ALL-UNNAMED",
                "server.jvm.additional=--add-opens=java.base/java.io=ALL-UNNAMED",
                "server.jvm.additional=--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                // our sparse kernels use the Vector API when the module is there
                "server.jvm.additional=--add-modules=jdk.incubator.vector",
                // JavaCPP extracts ND4J's natives here instead of the user's home
                "server.jvm.additional=-Dorg.bytedeco.javacpp.cachedir=" + home.resolve("javacpp-cache")));
        conf.addAll(extraSettings);
        Files.write(home.resolve("conf/neo4j.conf"), conf, StandardCharsets.UTF_8);
        return launch(home, port);
    }

    /** Stops this server and starts it again on the same folders, data and settings. */
    ServerProcess restart() throws IOException {
        close();
        return launch(home, boltPort);
    }

    private static ServerProcess launch(Path home, int port) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", home.resolve("lib") + "/*",
                "org.neo4j.server.startup.Neo4jCommand", "console")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs/console.log").toFile()));
        builder.environment().put("NEO4J_HOME", home.toString());
        builder.environment().put("NEO4J_CONF", home.resolve("conf").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        Driver driver = GraphDatabase.driver(URI.create("bolt://127.0.0.1:" + port), AuthTokens.none(),
                Config.builder().withoutEncryption().withConnectionTimeout(2, TimeUnit.SECONDS).build());
        ServerProcess server = new ServerProcess(home, port, process, driver);
        try {
            server.awaitBolt();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitBolt() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with status " + process.exitValue()
                        + " before Bolt answered\n" + logs());
            }
            try {
                driver.verifyConnectivity();
                return;
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(500);
        }
        throw new IllegalStateException("Bolt on port " + boltPort + " did not answer within " + STARTUP + ": " + last
                + "\n" + logs());
    }

    /** A path the e2e profile passes to the integration tests. */
    static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; run with mvn -P e2e verify");
        }
        return Path.of(value);
    }

    Driver driver() {
        return driver;
    }

    Path home() {
        return home;
    }

    /** The end of console.log, neo4j.log and debug.log, for failure messages. */
    String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("console.log", "neo4j.log", "debug.log")) {
            Path file = home.resolve("logs").resolve(name);
            out.append("---- ").append(file).append('\n');
            out.append(tail(file, 60));
        }
        return out.toString();
    }

    /** Lines of debug.log at WARN or ERROR level (5.26 writes them as text, 2026.08 as JSON). */
    List<String> debugLogProblems() throws IOException {
        Path file = home.resolve("logs/debug.log");
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("\"level\":\"WARN\"")
                    || l.contains("\"level\":\"ERROR\"")).toList();
        }
    }

    /**
     * Stops the server: SIGTERM to the server JVM the launcher started (Neo4j shuts down cleanly on it), then to the
     * launcher; forcibly after a grace period. Only these processes, found by id.
     */
    @Override
    public void close() {
        driver.close();
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean hasServerJars(Path lib) throws IOException {
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.anyMatch(p -> p.getFileName().toString().startsWith("neo4j-kernel-"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The last {@code lines} lines of a log file, for failure messages. */
    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(missing)\n";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            return "(unreadable: " + e + ")\n";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server", e);
        }
    }
}
