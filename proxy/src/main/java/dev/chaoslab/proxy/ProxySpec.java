package dev.chaoslab.proxy;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One proxy: its name (the {@code service} label of its metrics, spans and logs), where it listens, the upstream
 * it forwards to, where its admin API (chaos, {@code /metrics}, {@code /health}, {@code /ready}) listens, and its
 * route templates.
 *
 * @param name     a service name: lower-case letters, digits, {@code -} and {@code _}, starting with a letter
 * @param listen   where clients connect
 * @param upstream {@code http://host:port} (an optional path prefix is not supported)
 * @param admin    the admin listener; must differ from {@code listen}
 * @param routes   the route templates
 */
public record ProxySpec(String name, HostPort listen, URI upstream, HostPort admin, RouteTemplates routes) {

    /** The name rule, the same as the shop services' {@code service} label. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    public ProxySpec {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(routes, "routes");
        String problem = checkName(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        problem = checkUpstream(upstream);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (listen.equals(admin) && listen.port() != 0) {
            throw new IllegalArgumentException("the admin listener must not be the proxy's own (" + listen + ")");
        }
    }

    /** What is wrong with a proxy name, or {@code null}. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "a proxy name is lower-case letters, digits, - and _, starting with a letter (e.g. catalog), not '"
                    + name + "'";
        }
        return null;
    }

    /** What is wrong with an upstream URL, or {@code null}. */
    public static String checkUpstream(URI upstream) {
        if (upstream == null || !"http".equals(upstream.getScheme()) || upstream.getHost() == null) {
            return "the upstream is an http://host:port URL, not '" + upstream + "'";
        }
        String path = upstream.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || upstream.getRawQuery() != null
                || upstream.getUserInfo() != null
                || upstream.getRawFragment() != null) {
            return "the upstream is http://host:port with no path, query or user, not '" + upstream + "'";
        }
        return null;
    }

    /** The upstream's port (80 when the URL has none). */
    public int upstreamPort() {
        return upstream.getPort() == -1 ? 80 : upstream.getPort();
    }

    /** The upstream as {@code host:port}, the name problem answers give. */
    public String upstreamAuthority() {
        return upstream.getHost() + ":" + upstreamPort();
    }
}
