package dev.chaoslab.simulator.tune;

/** A rule, recording or request that tune cannot work on; the message says why and what to do. */
public final class UntunableRuleException extends RuntimeException {
    public UntunableRuleException(String message) {
        super(message);
    }
}
