package dev.signals.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import dev.signals.server.config.ConfigException;
import dev.signals.server.config.SignalConfig;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from {@link SignalConfig.Log}: text or JSON lines on stdout, optionally a
 * rolling file beside it ({@code [log] out_dir/out_file}). Appenders are asynchronous and never
 * block, so an event loop that logs never waits on a terminal or a disk.
 */
public final class LogSetup {
    /** Logs each reconnect attempt; silenced below ERROR. */
    static final String LETTUCE_RECONNECT = "io.lettuce.core.protocol.ConnectionWatchdog";
    /** Warns at start-up that it picked epoll over io_uring: not a fault, and the node logs its own transport. */
    static final String LETTUCE_TRANSPORTS = "io.lettuce.core.resource.Transports";
    /** Logs each seed or master a Cluster's slot-map refresh cannot reach; silenced below ERROR. */
    static final String LETTUCE_CLUSTER_REFRESH = "io.lettuce.core.cluster.topology.DefaultClusterTopologyRefresh";
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%X{dialect:--} %X{conn:--}] %logger{0} - %msg%n";

    private LogSetup() {
    }

    public static void configure(SignalConfig.Log config) throws ConfigException {
        Path file = null;
        if (config.dir() != null) {
            file = config.dir().resolve(config.file());
            prepareDirectory(config.dir());
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(config.level(), Level.INFO));
        boolean json = "json".equals(config.format());

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stdout");
        console.setEncoder(encoder(context, json));
        console.start();
        root.addAppender(async(context, "async-stdout", console));

        if (file != null) {
            RollingFileAppender<ILoggingEvent> rolling = new RollingFileAppender<>();
            rolling.setContext(context);
            rolling.setName("file");
            rolling.setFile(file.toString());
            SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
            policy.setContext(context);
            policy.setParent(rolling);
            policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
            policy.setMaxFileSize(FileSize.valueOf("100MB"));
            policy.setMaxHistory(7);
            policy.setTotalSizeCap(FileSize.valueOf("2GB"));
            policy.start();
            rolling.setRollingPolicy(policy);
            rolling.setEncoder(encoder(context, json));
            rolling.start();
            if (!rolling.isStarted()) {
                throw new ConfigException("cannot open log file " + file + lastError(context));
            }
            root.addAppender(async(context, "async-file", rolling));
        }
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("reactor.netty").setLevel(Level.WARN);
        // Lettuce warns at every failed reconnect attempt (several a second while Redis is away);
        // the backplane's own rate-limited warning says the same (docs/cluster.md: no log storms).
        context.getLogger(LETTUCE_RECONNECT).setLevel(Level.ERROR);
        // Likewise per refresh on a Cluster (every ½ s per seed while none answers, or a dead master);
        // the backplane's warning names the first seed's reason.
        context.getLogger(LETTUCE_CLUSTER_REFRESH).setLevel(Level.ERROR);
        context.getLogger(LETTUCE_TRANSPORTS).setLevel(Level.ERROR);
    }

    /** Creates the log directory if needed; a failure is a startup error saying why (docs/configuration.md). */
    private static void prepareDirectory(Path dir) throws ConfigException {
        String problem;
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir)) {
                return;
            }
            problem = "not writable";
        } catch (FileAlreadyExistsException e) {
            problem = "a file of that name is in the way";
        } catch (AccessDeniedException e) {
            problem = "permission denied" + (dir.toString().equals(e.getFile()) ? "" : " at " + e.getFile());
        } catch (FileSystemException e) {
            problem = (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName())
                    + (dir.toString().equals(e.getFile()) ? "" : " at " + e.getFile());
        } catch (IOException | SecurityException e) {
            problem = e.toString();
        }
        throw new ConfigException("cannot write log directory " + dir + ": " + problem);
    }

    /** Logback's reason for the last failure, as {@code ": reason"}, or nothing. */
    private static String lastError(LoggerContext context) {
        String reason = "";
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() == Status.ERROR && status.getThrowable() != null) {
                reason = ": " + status.getThrowable().getMessage();
            }
        }
        return reason;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        if (json) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    private static AsyncAppenderBase<ILoggingEvent> async(LoggerContext context, String name,
                                                         ch.qos.logback.core.Appender<ILoggingEvent> target) {
        ch.qos.logback.classic.AsyncAppender async = new ch.qos.logback.classic.AsyncAppender();
        async.setContext(context);
        async.setName(name);
        async.setNeverBlock(true);
        async.setQueueSize(8192);
        async.setIncludeCallerData(false);
        async.addAppender(target);
        async.start();
        return async;
    }

    /** Flushes and stops every appender (the async queues included) before the process exits. */
    public static void shutdown() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
}
