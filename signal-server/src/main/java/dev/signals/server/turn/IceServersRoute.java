package dev.signals.server.turn;

import dev.signals.server.auth.Authenticator;
import dev.signals.server.auth.Principal;
import dev.signals.server.http.RefusalStyle;
import dev.signals.server.http.Responses;
import dev.signals.server.http.Route;
import dev.signals.server.http.RouteTable;
import dev.signals.server.metrics.MeterName;
import dev.signals.server.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Set;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /ice-servers} on the main listener (docs/turn.md#get-ice-servers): fresh TURN
 * credentials for the caller. Registered only with {@code --turn-urls}, so without it the path is
 * the router's plain 404. The router has already applied the per-IP rate and the origin policy
 * (a refused origin gets 403 and no credentials); with auth on a valid token is needed, as on the
 * dialects' routes.
 */
public final class IceServersRoute {
    public static final String PATH = "/ice-servers";
    /** The tag of this route's refusals in {@code signal_errors_total}. */
    static final String OWNER = "turn";

    private final TurnCredentials credentials;
    private final Authenticator auth;
    private final Metrics metrics;
    private final Counter issued;

    public IceServersRoute(TurnCredentials credentials, Authenticator auth, Metrics metrics) {
        this.credentials = credentials;
        this.auth = auth;
        this.metrics = metrics;
        this.issued = metrics.counter(MeterName.TURN_CREDENTIALS);
    }

    public void register(RouteTable routes) {
        routes.exact(PATH, Route.http(OWNER, Set.of(HttpMethod.GET), RefusalStyle.PLAIN, (req, res, info) -> serve(req, res)));
    }

    private Publisher<Void> serve(HttpServerRequest req, HttpServerResponse res) {
        // Neither a refusal nor a credential may be kept by a cache between the client and us.
        res.header(HttpHeaderNames.CACHE_CONTROL, "no-store");
        Authenticator.Outcome outcome = auth.authenticate(req);
        if (outcome instanceof Authenticator.Outcome.Rejected) {
            metrics.error(OWNER, "unauthorized");
            return Responses.empty(res, HttpResponseStatus.UNAUTHORIZED);
        }
        Principal principal = ((Authenticator.Outcome.Authenticated) outcome).principal();
        issued.increment();
        return Responses.body(res, HttpResponseStatus.OK, "application/json", credentials.iceServersJson(principal));
    }
}
