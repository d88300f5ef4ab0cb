package dev.signals.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/** Reads request bodies with a size cap decided before the body is used (SECURITY.md "Limits and their defaults"). */
public final class Bodies {
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
        String declared = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (maxBytes > 0 && declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBytes) {
                    return Mono.error(new TooLarge());
                }
            } catch (NumberFormatException ignored) {
                // Netty rejects malformed lengths itself; fall through to counting.
            }
        }
        return req.receive()
                .reduceWith(ByteArrayOutputStream::new, (out, buf) -> append(out, buf, maxBytes))
                .map(ByteArrayOutputStream::toByteArray)
                .defaultIfEmpty(new byte[0]);
    }

    private static ByteArrayOutputStream append(ByteArrayOutputStream out, ByteBuf buf, long maxBytes) {
        int n = buf.readableBytes();
        if (maxBytes > 0 && out.size() + (long) n > maxBytes) {
            throw new TooLarge();
        }
        byte[] chunk = new byte[n];
        buf.getBytes(buf.readerIndex(), chunk);
        out.write(chunk, 0, n);
        return out;
    }
}
