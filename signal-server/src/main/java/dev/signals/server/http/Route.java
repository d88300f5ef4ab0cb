package dev.signals.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One entry of the shared-port route table: which dialect owns it, which methods it takes,
 * whether it is a WebSocket upgrade, how its refusals look, and its handler.
 */
public record Route(String dialect, Set<HttpMethod> methods, boolean webSocket, RefusalStyle style,
                    RouteHandler handler) {

    public static Route http(String dialect, Set<HttpMethod> methods, RefusalStyle style, RouteHandler handler) {
        return new Route(dialect, methods, false, style, handler);
    }

    public static Route webSocket(String dialect, RefusalStyle style, RouteHandler handler) {
        return new Route(dialect, Set.of(HttpMethod.GET), true, style, handler);
    }

    /** The {@code Allow} header value: the route's methods plus OPTIONS. */
    public String allowHeader() {
        String listed = methods.stream().map(HttpMethod::name).sorted(Route::byUsualOrder).collect(Collectors.joining(", "));
        return methods.contains(HttpMethod.OPTIONS) ? listed : listed + ", OPTIONS";
    }

    private static int byUsualOrder(String a, String b) {
        return Integer.compare(rank(a), rank(b));
    }

    private static int rank(String method) {
        switch (method) {
            case "GET": return 0;
            case "HEAD": return 1;
            case "POST": return 2;
            default: return 3;
        }
    }
}
