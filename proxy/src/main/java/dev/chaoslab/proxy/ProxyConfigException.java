package dev.chaoslab.proxy;

import java.util.List;

/** A proxies file that cannot be used; each problem reads {@code file:line:column: field: message}. */
public final class ProxyConfigException extends Exception {

    private final List<String> problems;

    ProxyConfigException(List<String> problems) {
        super(String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
