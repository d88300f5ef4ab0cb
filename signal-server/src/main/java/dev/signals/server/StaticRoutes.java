package dev.signals.server;

import dev.signals.server.http.RefusalStyle;
import dev.signals.server.http.Responses;
import dev.signals.server.http.Route;
import dev.signals.server.http.RouteHandler;
import dev.signals.server.http.RouteTable;
import dev.signals.server.web.ClasspathFiles;
import dev.signals.server.web.ContentTypes;
import dev.signals.server.web.StaticFile;
import dev.signals.server.web.StaticFiles;
import dev.signals.server.web.SwaggerUi;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Set;

/**
 * Routes that belong to no dialect (docs/configuration.md): {@code GET /health}, the demo page at
 * {@code /} with its modules under {@code /demo/}, the client library {@code /client/signal.js}
 * (docs/resume.md), {@code /openapi.yaml}, and Swagger UI under
 * {@code /swagger/}. Every file is read from the classpath once, at start-up, so serving one never
 * touches a disk on an event loop. GET and HEAD only (docs/security.md "Router refusals").
 */
final class StaticRoutes {
    private static final Set<HttpMethod> GET_HEAD = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final String OWNER = "static";

    private StaticRoutes() {
    }

    static void register(RouteTable routes) {
        ClasspathFiles classpath = new ClasspathFiles(StaticRoutes.class.getClassLoader());
        routes.exact("/health", route((req, res, info) -> Responses.text(res, HttpResponseStatus.OK, "OK")));
        routes.exact("/", file(classpath, "static/index.html"));
        routes.exact("/openapi.yaml", file(classpath, "static/openapi.yaml"));
        routes.exact("/client/signal.js", file(classpath, "static/client/signal.js"));

        StaticFiles demo = StaticFiles.under("/demo/", classpath.folder("static/demo", "app.js"));
        routes.prefix("/demo/", demo::contains, route((req, res, info) -> demo.serve(info.rawPath(), res)));

        StaticFiles swagger = SwaggerUi.load(classpath, "static/swagger-initializer.js");
        StaticFile swaggerIndex = swagger.get(SwaggerUi.PREFIX + "index.html");
        routes.exact(SwaggerUi.PREFIX, route((req, res, info) -> swaggerIndex.serve(res)));
        routes.prefix(SwaggerUi.PREFIX, swagger::contains, route((req, res, info) -> swagger.serve(info.rawPath(), res)));
    }

    private static Route file(ClasspathFiles classpath, String resource) {
        StaticFile file = new StaticFile(classpath.read(resource), ContentTypes.of(resource));
        return route((req, res, info) -> file.serve(res));
    }

    private static Route route(RouteHandler handler) {
        return Route.http(OWNER, GET_HEAD, RefusalStyle.PLAIN, handler);
    }
}
