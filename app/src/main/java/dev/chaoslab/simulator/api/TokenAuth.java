package dev.chaoslab.simulator.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Requires {@code Authorization: Bearer <token>} on mutating calls (anything but GET/HEAD/OPTIONS) when a token is
 * configured. Reads stay open — status, reports and the scenario files of the confined scenario directory — so that
 * dashboards, browsers and the live page can show them before anyone types a token; another site's page cannot read
 * them (no CORS) nor reach them by DNS rebinding (the loopback Host check).
 */
final class TokenAuth implements Handler<RoutingContext> {

    private final byte[] token;

    TokenAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        if (read) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String prefix = "Bearer ";
        boolean ok = header != null
                && header.regionMatches(true, 0, prefix, 0, prefix.length())
                // Constant-time comparison: the time to reject must not reveal how much of the token was right.
                && MessageDigest.isEqual(
                        token, header.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8));
        if (ok) {
            ctx.next();
        } else {
            ctx.fail(
                    new ApiError(
                            401,
                            "unauthorized",
                            header == null
                                    ? "This call needs the API token: send 'Authorization: Bearer <token>' with the value "
                                            + "of CHAOSLAB_API_TOKEN the simulator was started with."
                                    : "The bearer token does not match CHAOSLAB_API_TOKEN of the simulator; check the value you send."));
        }
    }
}
