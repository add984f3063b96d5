package dev.chaoslab.simulator.scenario;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that run outside the loader: target base URLs substituted at run time (demo ports, an
 * operator's override) must pass the same allow-list as URLs written in a file.
 */
public final class ScenarioValidator {
    private static final Set<String> SCHEMES = Set.of("http", "https");

    private ScenarioValidator() {}

    /**
     * What is wrong with a target base URL, or null when it is fine.
     */
    public static String targetProblem(URI url, ValidationOptions options) {
        if (url.getScheme() == null || !SCHEMES.contains(url.getScheme().toLowerCase())) {
            return "expected an http:// or https:// base URL such as http://127.0.0.1:8080 (got '" + url + "')";
        }
        if (url.getHost() == null) {
            return "the URL '" + url + "' has no host; write it as http://127.0.0.1:8080";
        }
        if (url.getPort() == 0 || url.getPort() > 65535) {
            return "port " + url.getPort() + " cannot be connected to; a port is 1 to 65535";
        }
        if (!options.allows(url.getHost())) {
            return "host '" + url.getHost() + "' is not in the allow-list " + sorted(options.allowedHosts())
                    + "; traffic goes only to allowed hosts (allow it with --allow-host or CHAOSLAB_ALLOWED_HOSTS)";
        }
        String path = url.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            return "a base URL has no path (got '" + path + "'); put paths in the requests";
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            return "a base URL has no query or fragment (got '" + url + "')";
        }
        return null;
    }

    /** Problems of a set of target URLs, as {@code name: message}; empty when all are fine. */
    public static List<String> checkTargets(Map<String, URI> targets, ValidationOptions options) {
        List<String> out = new ArrayList<>();
        targets.forEach((name, url) -> {
            String p = targetProblem(url, options);
            if (p != null) {
                out.add(name + ": " + p);
            }
        });
        return out;
    }

    /** The URL without a trailing slash: {@code http://127.0.0.1:8080}. */
    public static URI normalize(URI url) {
        String s = url.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : url;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
