package dev.signals.loadtest.net;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/** One HTTP response as the exchanges need it: status and body text. */
public record HttpReply(int status, String body) {

    /** GET with extra headers given as name, value pairs. */
    public static Mono<HttpReply> get(HttpClient client, String path, String... headers) {
        return client.headers(h -> add(h, headers)).get().uri(path)
                .responseSingle((res, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new HttpReply(res.status().code(), text)));
    }

    /** POST of a UTF-8 body with extra headers given as name, value pairs. */
    public static Mono<HttpReply> post(HttpClient client, String path, String body, String... headers) {
        return client.headers(h -> add(h, headers)).post().uri(path)
                .send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8, io.netty.buffer.ByteBufAllocator.DEFAULT))
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new HttpReply(res.status().code(), text)));
    }

    private static void add(HttpHeaders h, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.set(headers[i], headers[i + 1]);
        }
    }
}
