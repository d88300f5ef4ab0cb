package dev.signals.server.admin;

import dev.signals.core.json.JsonObjectWriter;
import dev.signals.server.Dialect;
import dev.signals.server.http.Lifecycle;
import dev.signals.server.http.Responses;
import dev.signals.server.metrics.Metrics;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The admin listener (docs/configuration.md): health, liveness, readiness, Prometheus metrics, a JSON
 * snapshot of the node's state and a thread dump. Nothing here takes a dialect's input.
 */
public final class AdminRoutes {
    /** Every path this listener serves, all {@code GET}. */
    public static final List<String> PATHS = List.of("/healthz", "/livez", "/readyz", "/metrics", "/debug/state",
            "/debug/threads");

    private final String nodeId;
    private final Lifecycle lifecycle;
    private final Metrics metrics;
    private final List<Dialect> dialects;
    private final Supplier<Map<String, Integer>> connections;
    private final BooleanSupplier backendHealthy;
    private final Supplier<String> backplaneStatus;

    public AdminRoutes(String nodeId, Lifecycle lifecycle, Metrics metrics, List<Dialect> dialects,
                       Supplier<Map<String, Integer>> connections, BooleanSupplier backendHealthy,
                       Supplier<String> backplaneStatus) {
        this.nodeId = nodeId;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.dialects = dialects;
        this.connections = connections;
        this.backendHealthy = backendHealthy;
        this.backplaneStatus = backplaneStatus;
    }

    public void register(HttpServerRoutes routes) {
        routes.get("/healthz", (req, res) -> lifecycle.serving() && backendHealthy.getAsBoolean()
                        ? Responses.empty(res, HttpResponseStatus.OK)
                        : Responses.text(res, HttpResponseStatus.INTERNAL_SERVER_ERROR, "unhealthy\n"))
              .get("/livez", (req, res) -> Responses.text(res, HttpResponseStatus.OK, "OK"))
              .get("/readyz", (req, res) -> lifecycle.serving() && backendHealthy.getAsBoolean()
                        ? Responses.text(res, HttpResponseStatus.OK, "OK")
                        : Responses.text(res, HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready"))
              .get("/metrics", (req, res) -> Responses.body(res, HttpResponseStatus.OK,
                        "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()))
              .get("/debug/state", (req, res) -> Responses.json(res, HttpResponseStatus.OK, state()))
              .get("/debug/threads", (req, res) -> Responses.text(res, HttpResponseStatus.OK, threadDump()));
    }

    String state() {
        Map<String, Number> counts = new TreeMap<>();
        for (Dialect d : dialects) {
            counts.putAll(d.state());
        }
        JsonObjectWriter conns = JsonObjectWriter.object();
        new TreeMap<>(connections.get()).forEach(conns::number);
        JsonObjectWriter out = JsonObjectWriter.object()
                .string("node_id", nodeId)
                .raw("connections", conns.end());
        counts.forEach((k, v) -> out.raw(k, v.toString()));
        return out.string("backplane", backplaneStatus.get())
                .raw("draining", Boolean.toString(lifecycle.draining()))
                .end();
    }

    private static String threadDump() {
        StringBuilder sb = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            sb.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState()).append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                sb.append("    at ").append(frame).append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
