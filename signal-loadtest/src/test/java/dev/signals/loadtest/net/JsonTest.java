package dev.signals.loadtest.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializerCache;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import java.lang.reflect.Field;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;

/**
 * The harness parses replies on its event loops. Jackson builds a deserializer on first use
 * under a lock, so a loop parsing while another builds would park; here the "other" is this
 * test holding that lock, which makes the race certain instead of rare.
 */
class JsonTest {
    private final EventLoopGroup loop = new DefaultEventLoopGroup(1);

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void aColdMapperParksAnEventLoopWhileAnotherThreadBuildsItsDeserializer() throws Exception {
        ObjectMapper cold = new ObjectMapper();
        ReentrantLock lock = buildLock(cold);
        lock.lock();
        try {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> onLoop(() -> cold.readTree("{\"kind\":\"WELCOME\"}")));
            assertInstanceOf(BlockingOperationError.class, e.getCause());
        } finally {
            lock.unlock();
        }
    }

    @Test
    void theHarnessMapperParsesOnAnEventLoopWhileThatLockIsHeld() throws Exception {
        ReentrantLock lock = buildLock(Json.mapper());
        lock.lock();
        try {
            assertEquals("WELCOME", onLoop(() -> Json.read("{\"kind\":\"WELCOME\"}").path("kind").asText()));
            assertEquals("{\"a\":1}", onLoop(() -> Json.write(Json.object().put("a", 1))));
        } finally {
            lock.unlock();
        }
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.next().submit(task).get(10, TimeUnit.SECONDS);
    }

    /** The lock Jackson's deserializer cache takes while it builds a deserializer (jackson-databind 2.20). */
    private static ReentrantLock buildLock(ObjectMapper mapper) throws ReflectiveOperationException {
        Field cache = DeserializationContext.class.getDeclaredField("_cache");
        cache.setAccessible(true);
        Field lock = DeserializerCache.class.getDeclaredField("_incompleteDeserializersLock");
        lock.setAccessible(true);
        return (ReentrantLock) lock.get(cache.get(mapper.getDeserializationContext()));
    }
}
