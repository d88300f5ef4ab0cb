package dev.signals.server;

import dev.signals.server.config.ConfigException;
import dev.signals.server.config.ConfigLoader;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.logging.LogSetup;
import io.netty.util.ResourceLeakDetector;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar signal-server.jar [flags]}: loads the configuration (exit 2 on a bad one),
 * starts a node, and drains it on SIGTERM or SIGINT; a second signal exits at once.
 */
public final class Main {
    private static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

    private Main() {
    }

    public static void main(String[] args) {
        quietLeakDetection();
        ConfigLoader.Outcome outcome;
        try {
            outcome = new ConfigLoader(System.getenv(), Path.of("").toAbsolutePath()).load(args);
            if (outcome.helpText() != null) {
                System.out.print(outcome.helpText());
                System.exit(0);
            }
            LogSetup.configure(outcome.config().log());
        } catch (ConfigException e) {
            System.err.println("signal-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(outcome.config());
    }

    /**
     * Netty's default leak detection records a stack trace for a sample of buffers, about 2 % of a
     * relaying node's CPU; a node started here runs without it unless the operator asks for a
     * level (docs/production.md "JVM"). Tests keep Netty's default.
     */
    private static void quietLeakDetection() {
        if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private static void run(SignalConfig config) {
        SignalServer server;
        try {
            server = SignalServer.start(config);
        } catch (ConfigException e) {
            System.err.println("signal-server: " + e.getMessage());
            LogSetup.shutdown();
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Main.class).error("cannot start: {}", e.toString());
            LogSetup.shutdown();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger signals = new AtomicInteger();
        Runnable onSignal = () -> {
            if (signals.incrementAndGet() > 1) {
                Runtime.getRuntime().halt(0);
            }
            Thread drain = new Thread(() -> {
                server.stop();
                stopped.countDown();
            }, "signal-drain");
            drain.start();
        };
        Signal.handle(new Signal("TERM"), s -> onSignal.run());
        Signal.handle(new Signal("INT"), s -> onSignal.run());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LogSetup.shutdown();
        System.exit(0);
    }
}
