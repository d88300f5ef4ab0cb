package dev.signals.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** Small helpers that finish a response with an exact body and content type. */
public final class Responses {
    public static final String JSON_UTF8 = "application/json; charset=utf-8";
    public static final String TEXT_UTF8 = "text/plain; charset=utf-8";

    private Responses() {
    }

    public static Publisher<Void> text(HttpServerResponse res, HttpResponseStatus status, String body) {
        return body(res, status, TEXT_UTF8, body);
    }

    public static Publisher<Void> json(HttpServerResponse res, HttpResponseStatus status, String body) {
        return body(res, status, JSON_UTF8, body);
    }

    public static Publisher<Void> body(HttpServerResponse res, HttpResponseStatus status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return res.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, contentType)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .sendByteArray(Mono.just(bytes));
    }

    public static Publisher<Void> empty(HttpServerResponse res, HttpResponseStatus status) {
        return res.status(status).header(HttpHeaderNames.CONTENT_LENGTH, "0").send();
    }

    /** Copies a received buffer's readable bytes (the buffer stays owned by its caller). */
    public static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }
}
