package dev.signals.server.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * One node's event loops on the transport its configuration chose, or, where that cannot run,
 * on the first of {@link Transport#AUTO_ORDER} that can (docs/production.md "Transport"). Reactor
 * Netty picks each channel's class from the group's transport, so servers run on exactly this
 * one. Its owner, the node, disposes it.
 */
public final class TransportLoops implements LoopResources {
    private static final Logger LOG = LoggerFactory.getLogger(TransportLoops.class);

    private final Transport transport;
    private final EventLoopGroup group;

    private TransportLoops(Transport transport, EventLoopGroup group) {
        this.transport = transport;
        this.group = group;
    }

    /**
     * {@code threads} daemon event loops named {@code name}-N, on {@code wanted} or, where that
     * cannot run, on the next of the fallback order; {@code wanted} null means the first of it.
     */
    public static TransportLoops create(String name, int threads, Transport wanted) {
        Transport chosen = choose(wanted);
        if (wanted != null && chosen != wanted) {
            LOG.warn("transport {} is not available here ({}); using {}", wanted.flag(),
                    wanted.unavailability(), chosen.flag());
        }
        return new TransportLoops(chosen, new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory(name, true), chosen.handlerFactory()));
    }

    /** {@code wanted} if it runs here, else the first of {@link Transport#AUTO_ORDER} that does. */
    static Transport choose(Transport wanted) {
        if (wanted != null && wanted.unavailability() == null) {
            return wanted;
        }
        for (Transport t : Transport.AUTO_ORDER) {
            if (t.unavailability() == null) {
                return t;
            }
        }
        return Transport.NIO;
    }

    public Transport transport() {
        return transport;
    }

    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return group;
    }

    @Override
    public boolean daemon() {
        return true;
    }

    @Override
    public boolean isDisposed() {
        return group.isShutdown();
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return Mono.defer(() -> {
            group.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Mono.<Void>create(sink -> group.terminationFuture().addListener(f -> sink.success()));
        });
    }
}
