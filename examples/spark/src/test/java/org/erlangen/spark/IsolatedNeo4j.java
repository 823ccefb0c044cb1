package org.erlangen.spark;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Neo4j 5.26 harness database in a class loader of its own, reached over Bolt as a server is: Neo4j needs ANTLR
 * 4.13's runtime and Spark's SQL parser 4.9's, and one class path holds one of them. The loader reads the test class
 * path with Neo4j's ANTLR in place of Spark's.
 */
final class IsolatedNeo4j implements AutoCloseable {
    private final URLClassLoader loader;
    private final AutoCloseable neo4j;
    private final URI bolt;

    private IsolatedNeo4j(URLClassLoader loader, AutoCloseable neo4j, URI bolt) {
        this.loader = loader;
        this.neo4j = neo4j;
        this.bolt = bolt;
    }

    static IsolatedNeo4j start() throws Exception {
        Path antlr = Path.of(System.getProperty("neo4j.antlr", ""));
        if (!Files.isRegularFile(antlr)) {
            throw new IllegalStateException("Neo4j's ANTLR runtime is not at '" + antlr + "' (the build copies it)");
        }
        List<URL> urls = new ArrayList<>();
        urls.add(antlr.toUri().toURL());
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !Path.of(entry).getFileName().toString().startsWith("antlr4-runtime-")) {
                urls.add(url(entry));
            }
        }
        var loader = new URLClassLoader("neo4j", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Object builder = loader.loadClass("org.neo4j.harness.Neo4jBuilders").getMethod("newInProcessBuilder")
                    .invoke(null);
            Class<?> builderType = loader.loadClass("org.neo4j.harness.Neo4jBuilder");
            builder = builderType.getMethod("withDisabledServer").invoke(builder);
            Object neo4j = builderType.getMethod("build").invoke(builder);
            URI bolt = (URI) loader.loadClass("org.neo4j.harness.Neo4j").getMethod("boltURI").invoke(neo4j);
            return new IsolatedNeo4j(loader, (AutoCloseable) neo4j, bolt);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    URI boltUri() {
        return bolt;
    }

    @Override
    public void close() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            neo4j.close();
        } finally {
            thread.setContextClassLoader(before);
            loader.close();
        }
    }
}
