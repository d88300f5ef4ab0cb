package dev.signals.loadtest.engine;

import java.lang.management.ManagementFactory;

/** The CPU time this generator process has used, so a report can say what a message cost the generator too. */
public final class GeneratorCpu {
    private GeneratorCpu() {
    }

    /** User plus system CPU seconds of this JVM since it started, or -1 where the JVM cannot tell. */
    public static double seconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? -1 : nanos / 1e9;
        }
        return -1;
    }
}
