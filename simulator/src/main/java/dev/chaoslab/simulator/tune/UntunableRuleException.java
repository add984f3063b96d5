package dev.chaoslab.simulator.tune;

/**
 * A rule, recording or request that tune cannot work on; the message says why and what to do. {@link #badRequest()}
 * marks a request that asked for something impossible (a window the recording cannot serve), as opposed to a
 * recording or rule that cannot be tuned.
 */
public final class UntunableRuleException extends RuntimeException {

    private final boolean badRequest;

    public UntunableRuleException(String message) {
        this(message, false);
    }

    public UntunableRuleException(String message, boolean badRequest) {
        super(message);
        this.badRequest = badRequest;
    }

    /** Whether the request itself asked for something impossible. */
    public boolean badRequest() {
        return badRequest;
    }
}
