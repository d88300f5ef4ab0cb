package dev.signals.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Arrays;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/** Reads request bodies with a size cap decided before the body is used (SECURITY.md "Limits and their defaults"). */
public final class Bodies {
    /**
     * The most a declared length makes room for before the bytes arrive: a client may declare
     * more than it sends, and with the cap off nothing else bounds the declaration.
     */
    static final int MAX_ROOM_AHEAD = 64 * 1024;

    private Bodies() {
    }

    /** Signalled instead of a body that is larger than allowed. */
    public static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TooLarge() {
            super("body too large", null, false, false);
        }
    }

    /**
     * The whole body as bytes (empty when there is none), or {@link TooLarge} as soon as the
     * declared or received length passes {@code maxBytes} (0 means no limit).
     */
    public static Mono<byte[]> read(HttpServerRequest req, long maxBytes) {
        long declared = declaredLength(req);
        if (maxBytes > 0 && declared > maxBytes) {
            return Mono.error(new TooLarge());
        }
        return req.receive()
                .reduceWith(() -> new Accumulated(declared), (body, buf) -> body.append(buf, maxBytes))
                .map(Accumulated::bytes)
                .defaultIfEmpty(new byte[0]);
    }

    /** The {@code Content-Length} the client declared, or -1 when it declared none that parses. */
    private static long declaredLength(HttpServerRequest req) {
        String declared = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1; // Netty rejects malformed lengths itself; the body is counted as it comes.
        }
    }

    /**
     * A body's bytes as they arrive: room for the declared length up front, so a body whose length
     * was declared is copied once, out of Netty's buffers, and handed over without another copy.
     */
    static final class Accumulated {
        private byte[] bytes;
        private int size;

        Accumulated(long declared) {
            bytes = new byte[(int) Math.max(0, Math.min(declared, MAX_ROOM_AHEAD))];
        }

        Accumulated append(ByteBuf buf, long maxBytes) {
            int n = buf.readableBytes();
            long after = size + (long) n;
            if (maxBytes > 0 && after > maxBytes || after > Integer.MAX_VALUE - 8) {
                throw new TooLarge();
            }
            if (after > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.max(after, Math.min(2L * bytes.length, Integer.MAX_VALUE - 8)));
            }
            buf.getBytes(buf.readerIndex(), bytes, size, n);
            size = (int) after;
            return this;
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }
}
