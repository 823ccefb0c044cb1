package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * The plugin jar in the plugin folder ({@code server.directories.plugins}) of an embedded database, the harness here,
 * with none of the plugin's classes on the database's class path: Neo4j then loads the jar through a class loader of
 * its own, and everything in it (ND4J finding its backend and natives included) has to work from there. A 5.26 server
 * started as usual puts its plugins folder on the class path instead ({@link ServerEndToEndIT}).
 *
 * <p>The database runs in a child JVM ({@link PluginFolderDatabase}) whose class path is this test's without every
 * entry that holds a class the plugin jar holds: our modules, ND4J, JavaCPP and the rest the jar carries.
 */
class PluginFolderIT {
    private static final Duration STARTUP = Duration.ofSeconds(240);

    private static Path work;
    private static Process process;
    private static Driver driver;

    @BeforeAll
    static void start() throws Exception {
        Path jar = ServerProcess.property("plugin.folder.jar");
        assertTrue(Files.isRegularFile(jar), "no plugin jar at " + jar + "; mvn package makes it (under the "
                + "neo4j-2026 profile, the build without that profile)");
        work = ServerProcess.property("plugin.folder.work");
        ServerProcess.deleteTree(work);
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        var builder = new ProcessBuilder(java.toString(), "-Xmx1g", "--add-modules", "jdk.incubator.vector",
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")),
                // JavaCPP extracts ND4J's natives here instead of the user's home
                "-Dorg.bytedeco.javacpp.cachedir=" + work.resolve("javacpp-cache"),
                "-cp", databaseClassPath(jar), PluginFolderDatabase.class.getName(), plugins.toString(),
                work.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("console.log").toFile());
        // as a user would start it: the plugin itself keeps ND4J to one OpenMP thread when this is not set
        builder.environment().remove("OMP_NUM_THREADS");
        process = builder.start();
        driver = GraphDatabase.driver(awaitBoltUri(), AuthTokens.none(), Config.builder().withoutEncryption().build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (process != null) {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void trainsPredictsAndStoresFromThePluginFolder() throws IOException {
        // the Neo4j this build is for (the neo4j-2026 profile switches it)
        String version = single("CALL dbms.components() YIELD name, versions WHERE name = 'Neo4j Kernel' "
                + "RETURN versions[0] AS v", Map.of()).get("v").asString();
        assertEquals(System.getProperty("plugin.folder.neo4j.version"), version);

        TestGraphs.Spec graph = TestGraphs.communities(60, 1);
        run("UNWIND $nodes AS n CREATE (x:Person) SET x = n", Map.of("nodes", graph.nodes()));
        run("UNWIND $edges AS e MATCH (a:Person {name: e.s}), (b:Person {name: e.t}) CREATE (a)-[:KNOWS]->(b)",
                Map.of("edges", graph.edges()));
        Map<String, Object> config = new HashMap<>(TestGraphs.communityTask("Person"));
        config.put("orientation", "UNDIRECTED");
        config.put("epochs", 40);
        config.put("hidden", 8);
        config.put("seed", 1);

        Record trained = single("CALL erlangen.model.train('people', $config)", Map.of("config", config));
        assertEquals(60, trained.get("nodeCount").asLong(), trained.asMap().toString());
        Record streamed = single("CALL erlangen.predict.stream('people') YIELD nodeId, prediction "
                + "MATCH (p:Person) WHERE elementId(p) = nodeId "
                + "RETURN count(*) AS n, avg(CASE WHEN prediction = p.community THEN 1.0 ELSE 0.0 END) AS accuracy",
                Map.of());
        assertEquals(60, streamed.get("n").asLong());
        assertTrue(streamed.get("accuracy").asDouble() >= 0.8, "accuracy " + streamed.get("accuracy"));

        // Neo4j declares none of our settings here: the models folder is the default one under the data directory
        assertTrue(single("CALL erlangen.model.store('people')", Map.of()).get("stored").asBoolean());
        try (Stream<Path> files = Files.walk(work.resolve("neo4j"))) {
            List<Path> stored = files.filter(p -> p.getFileName().toString().equals("people.safetensors")).toList();
            assertEquals(1, stored.size(), "model files " + stored);
            assertTrue(stored.get(0).toString().contains("/data/erlangen-models/"), stored.get(0).toString());
        }
    }

    private static List<Record> run(String cypher, Map<String, Object> parameters) {
        try (Session session = driver.session()) {
            return session.run(cypher, parameters).list();
        } catch (RuntimeException e) {
            throw new AssertionError(cypher + " failed: " + e.getMessage() + "\n" + log(), e);
        }
    }

    private static Record single(String cypher, Map<String, Object> parameters) {
        List<Record> records = run(cypher, parameters);
        assertEquals(1, records.size(), cypher);
        return records.get(0);
    }

    /**
     * This JVM's test class path (surefire's, as the launcher jar hides it from {@code java.class.path}) without the
     * entries that hold any class of the plugin jar.
     */
    private static String databaseClassPath(Path jar) throws IOException {
        Set<String> pluginClasses = classes(jar);
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>();
        for (String entry : testClassPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.exists(path) && classes(path).stream().noneMatch(pluginClasses::contains)) {
                kept.add(entry);
            }
        }
        assertTrue(kept.stream().anyMatch(e -> e.contains("neo4j-harness")), "no harness left in " + kept);
        return String.join(File.pathSeparator, kept);
    }

    /** The classes a jar or a classes folder holds, as relative paths. */
    private static Set<String> classes(Path path) throws IOException {
        Set<String> out = new HashSet<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .forEach(p -> out.add(path.relativize(p).toString().replace(File.separatorChar, '/')));
            }
        } else {
            try (ZipFile zip = new ZipFile(path.toFile())) {
                for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                    out.add(e.nextElement().getName());
                }
            }
        }
        out.removeIf(name -> !name.endsWith(".class") || name.endsWith("module-info.class")
                || name.startsWith("META-INF/"));
        return out;
    }

    private static URI awaitBoltUri() throws IOException, InterruptedException {
        Path file = work.resolve("bolt-uri");
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!Files.exists(file)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the database exited with status " + process.exitValue()
                        + " before it started\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the database did not start within " + STARTUP + "\n" + log());
            }
            Thread.sleep(200);
        }
        return URI.create(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The child's console output, for failure messages. */
    private static String log() {
        return "---- console.log\n" + ServerProcess.tail(work.resolve("console.log"), 80);
    }
}
