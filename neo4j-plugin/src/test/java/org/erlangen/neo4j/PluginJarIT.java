package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded plugin jar against the server's lib/: it carries ND4J's natives and merged service files, and no class
 * that the server already has (Neo4j puts plugins/ first on its class path, so such a class would replace the
 * server's own), nor gnn's molecule code with the Chemistry Development Kit it needs.
 */
class PluginJarIT {
    private static Path jar;
    private static Path lib;

    @BeforeAll
    static void paths() {
        jar = ServerProcess.property("e2e.plugin.jar");
        lib = ServerProcess.property("e2e.server.home").resolve("lib");
        assertTrue(Files.isRegularFile(jar), "no plugin jar at " + jar + "; run with mvn -P e2e verify");
        assertTrue(Files.isDirectory(lib), "no server lib at " + lib + "; run with mvn -P e2e verify");
    }

    @Test
    void noClassIsAlsoInTheServersLib() throws IOException {
        Map<String, String> serverClasses = new HashMap<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path serverJar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                for (String name : classes(serverJar)) {
                    serverClasses.put(name, serverJar.getFileName().toString());
                }
            }
        }
        assertTrue(serverClasses.size() > 10_000, "the server's lib looks incomplete: " + serverClasses.size());
        Set<String> pluginClasses = classes(jar);
        List<String> clashes = new ArrayList<>();
        for (String name : new TreeSet<>(pluginClasses)) {
            if (serverClasses.containsKey(name)) {
                clashes.add(name + " (also in " + serverClasses.get(name) + ")");
            }
        }
        assertEquals(List.of(), clashes.subList(0, Math.min(20, clashes.size())), clashes.size() + " clashes");
    }

    @Test
    void carriesTheNativesAndTheMergedServices() throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String path : List.of("org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so",
                    "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libjnind4jcpu.so",
                    "org/bytedeco/openblas/linux-x86_64/libopenblas.so.0",
                    "org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so",
                    "org/erlangen/neo4j/procedures/ModelProcedures.class",
                    "org/erlangen/gnn/models/Layers.class",
                    "org/erlangen/tensor/Tensor.class")) {
                assertTrue(zip.getEntry(path) != null, "missing " + path);
            }
            assertTrue(text(zip, "META-INF/services/org.neo4j.configuration.SettingsDeclaration")
                    .contains(ErlangenSettings.class.getName()));
            assertTrue(text(zip, "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend")
                    .contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend"));
            List<String> signatures = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                if (name.startsWith("META-INF/") && name.matches("META-INF/[^/]*\\.(SF|DSA|RSA|EC)")) {
                    signatures.add(name);
                }
            }
            assertEquals(List.of(), signatures, "signature files of the original jars");
        }
    }

    @Test
    void leavesOutTheMoleculesAndTheChemistryDevelopmentKit() throws IOException {
        List<String> molecular = classes(jar).stream()
                .filter(name -> name.startsWith("org/openscience/") || name.startsWith("org/erlangen/gnn/molecules/"))
                .toList();
        assertEquals(List.of(), molecular.subList(0, Math.min(20, molecular.size())),
                molecular.size() + " classes that need CDK, which the plugin does not carry");
    }

    private static Set<String> classes(Path path) throws IOException {
        Set<String> out = new TreeSet<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                // module descriptors and multi-release variants are not loaded from the class path as such
                if (name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/")) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private static String text(ZipFile zip, String path) throws IOException {
        ZipEntry entry = zip.getEntry(path);
        assertTrue(entry != null, "missing " + path);
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
