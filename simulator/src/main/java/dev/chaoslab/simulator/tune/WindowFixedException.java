package dev.chaoslab.simulator.tune;

/** Says why a rule's window cannot be varied: the message is the reason, shown in the {@code tune} table. */
public final class WindowFixedException extends RuntimeException {

    public WindowFixedException(String reason) {
        super(reason, null, false, false);
    }
}
