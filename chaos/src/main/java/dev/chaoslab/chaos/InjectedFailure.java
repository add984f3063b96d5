package dev.chaoslab.chaos;

/**
 * The failure a dependency fault makes a downstream call see. The caller maps it exactly as it maps the real
 * thing: an answer with {@link #status()}, a refused connection, or a timeout.
 */
public final class InjectedFailure extends RuntimeException {

    public enum Kind {
        STATUS,
        REFUSED,
        TIMEOUT
    }

    private final Kind kind;
    private final int status;
    private final String faultId;

    public InjectedFailure(Kind kind, int status, String faultId) {
        super(describe(kind, status) + " (injected by chaos fault " + faultId + ")", null, false, false);
        this.kind = kind;
        this.status = status;
        this.faultId = faultId;
    }

    private static String describe(Kind kind, int status) {
        return switch (kind) {
            case STATUS -> "answered " + status;
            case REFUSED -> "refused the connection";
            case TIMEOUT -> "timed out";
        };
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String faultId() {
        return faultId;
    }
}
