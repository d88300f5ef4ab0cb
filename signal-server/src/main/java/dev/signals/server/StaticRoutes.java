package dev.signals.server;

import dev.signals.server.http.RefusalStyle;
import dev.signals.server.http.Responses;
import dev.signals.server.http.Route;
import dev.signals.server.http.RouteTable;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Routes that belong to no dialect: {@code GET /health} and the page at {@code /}. Files are read
 * from the classpath once, at start-up, so serving them never touches a disk on an event loop.
 */
final class StaticRoutes {
    private static final Set<HttpMethod> GET_HEAD = Set.of(HttpMethod.GET, HttpMethod.HEAD);

    private StaticRoutes() {
    }

    static void register(RouteTable routes) {
        routes.exact("/health", Route.http("static", GET_HEAD, RefusalStyle.PLAIN,
                (req, res, info) -> Responses.text(res, HttpResponseStatus.OK, "OK")));
        byte[] index = load("static/index.html");
        routes.exact("/", Route.http("static", GET_HEAD, RefusalStyle.PLAIN,
                (req, res, info) -> res.status(HttpResponseStatus.OK)
                        .header("Content-Type", "text/html; charset=utf-8")
                        .header("Content-Length", Integer.toString(index.length))
                        .sendByteArray(Mono.just(index))));
    }

    static byte[] load(String resource) {
        try (InputStream in = StaticRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
