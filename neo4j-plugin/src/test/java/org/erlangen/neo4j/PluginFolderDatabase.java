package org.erlangen.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * The main class of {@link PluginFolderIT}'s child JVM: the in-process harness with {@code plugin_dir} set, as a user
 * who drops the plugin jar into an embedded database's plugin folder would run it. It must not name any class of the
 * plugin, whose classes are only in the jar there. Arguments: the plugin folder and a working folder; it writes the
 * Bolt URI to {@code bolt-uri} in the working folder and stops when its standard input closes.
 */
public final class PluginFolderDatabase {
    private PluginFolderDatabase() {
    }

    public static void main(String[] args) throws IOException {
        Path plugins = Path.of(args[0]);
        Path work = Path.of(args[1]);
        try (Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(work.resolve("neo4j")).withDisabledServer()
                .withConfig(GraphDatabaseSettings.plugin_dir, plugins)
                .withConfig(GraphDatabaseSettings.procedure_allowlist, List.of("erlangen.*"))
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period,
                        SettingText.parse(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, "0"))
                .build()) {
            Path uri = work.resolve("bolt-uri.tmp");
            Files.writeString(uri, neo4j.boltURI().toString(), StandardCharsets.UTF_8);
            Files.move(uri, work.resolve("bolt-uri"), StandardCopyOption.ATOMIC_MOVE);
            // the parent closes our input when it is done, or dies
            while (System.in.read() != -1) {
                // nothing to read: the input only signals the end
            }
        }
    }
}
