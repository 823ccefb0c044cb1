package org.erlangen.kernels;

/**
 * The one switch between the Vector API kernels and their plain-Java twins. The Vector API kernels run when the
 * {@code jdk.incubator.vector} module is present (a Neo4j 5 server, for one, does not start the JVM with it) and
 * {@code -Derlangen.vector=false} is not set; every kernel reads the switch when it is called, so turning it off in a
 * running process reaches all of them.
 */
public final class Vectorization {
    private static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("erlangen.vector"));
    private static volatile boolean enabled = PRESENT;

    private Vectorization() {
    }

    /** Whether the Vector API kernels are in use. */
    public static boolean enabled() {
        return enabled;
    }

    /** Switches the Vector API kernels on or off (on only takes effect when the module is present). */
    public static void setEnabled(boolean on) {
        enabled = on && PRESENT;
    }
}
