package org.erlangen.neo4j;

import org.neo4j.configuration.SettingImpl;
import org.neo4j.graphdb.config.Setting;

/**
 * A setting's value from its text, as neo4j.conf would give it: for settings whose type differs between the Neo4j
 * versions we test against (the Bolt shutdown quiet period is an int of seconds in 5.26, a duration in 2026.08).
 */
final class SettingText {
    private SettingText() {
    }

    static <T> T parse(Setting<T> setting, String text) {
        return ((SettingImpl<T>) setting).parse(text);
    }
}
