package dev.signals.server.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Listens on every Sentinel for {@code +switch-master} of the watched primary (docs/cluster.md#sentinel).
 * A failover on command leaves the old primary taking writes until the Sentinels get round to
 * demoting it, which can outlast a node's lease; on the switch the link moves at once instead.
 * Each switch is acted on once, however many Sentinels announce it.
 */
final class SentinelWatch implements AutoCloseable {
    private static final String CHANNEL = "+switch-master";
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final RedisClient client;
    private final RedisAddress address;
    private final Consumer<String> switched;
    private final AtomicReference<String> lastSwitch = new AtomicReference<>("");
    private final Disposable.Composite attempts = Disposables.composite();

    /**
     * {@code switched} gets the new primary as {@code host:port} (as {@link RedisAddress.Endpoint}
     * prints it); it runs on a Lettuce thread and must not block.
     */
    SentinelWatch(ClientResources resources, RedisAddress address, Duration timeout, Consumer<String> switched) {
        // A client of its own, with Lettuce's default protocol negotiation: Sentinels are not data nodes.
        this.client = RedisClient.create(resources);
        this.address = address;
        this.switched = switched;
        for (RedisAddress.Endpoint sentinel : address.endpoints()) {
            RedisURI uri = RedisURI.builder().withHost(sentinel.host()).withPort(sentinel.port())
                    .withSsl(address.tls()).withTimeout(timeout).build();
            attempts.add(Mono.fromFuture(() -> client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture())
                    .flatMap(c -> {
                        c.addListener(new RedisPubSubAdapter<>() {
                            @Override
                            public void message(String channel, String message) {
                                onSwitch(message);
                            }
                        });
                        // Lettuce subscribes again by itself after a reconnect.
                        return Mono.fromFuture(c.async().subscribe(CHANNEL).toCompletableFuture());
                    })
                    // A Sentinel down at startup is tried again until it answers.
                    .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, RETRY))
                    .subscribe());
        }
    }

    /** {@code <master-name> <old-ip> <old-port> <new-ip> <new-port>}. */
    private void onSwitch(String message) {
        String[] parts = message.split(" ");
        if (parts.length == 5 && parts[0].equals(address.masterName())) {
            String primary;
            try {
                primary = new RedisAddress.Endpoint(parts[3], Integer.parseInt(parts[4])).toString();
            } catch (NumberFormatException e) {
                return;
            }
            if (!primary.equals(lastSwitch.getAndSet(primary))) {
                switched.accept(primary);
            }
        }
    }

    @Override
    public void close() {
        attempts.dispose();
        // Closes the client's connections too.
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
