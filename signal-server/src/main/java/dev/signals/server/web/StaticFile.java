package dev.signals.server.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One file served from memory: its bytes, read once at start-up, and its content type. Serving it
 * never touches a disk, so it is safe on an event loop.
 */
public record StaticFile(byte[] bytes, String contentType) {

    public Publisher<Void> serve(HttpServerResponse res) {
        return res.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, contentType)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                // Revalidate on every load: a new build must never be mixed with stale modules.
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .sendByteArray(Mono.just(bytes));
    }
}
