package dev.signals.server.call;

import dev.signals.server.auth.Authenticator;
import dev.signals.server.auth.Grants;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The call dialect's reading of SECURITY.md "Per dialect, without and with authentication": 401 without a valid token, 403 outside its {@code call} grant. */
final class CallAuth {
    private CallAuth() {
    }

    /** The refusal for a request addressing {@code call}, or {@code null} when it may proceed. */
    static HttpResponseStatus refusal(Authenticator.Outcome outcome, String call) {
        if (outcome instanceof Authenticator.Outcome.Rejected) {
            return HttpResponseStatus.UNAUTHORIZED;
        }
        boolean granted = ((Authenticator.Outcome.Authenticated) outcome).principal().allows(Grants.CALL, call);
        return granted ? null : HttpResponseStatus.FORBIDDEN;
    }

    /** The error metric's reason for a refusal; {@code conflict} names what 409 means on the route. */
    static String metricReason(HttpResponseStatus status, String conflict) {
        switch (status.code()) {
            case 401: return "unauthorized";
            case 403: return "forbidden";
            case 409: return conflict;
            default: return "backend_failure";
        }
    }
}
