package dev.chaoslab.simulator.scenario.template;

/**
 * A template that cannot be compiled (thrown by {@link Template#compile}) or a value that cannot be
 * resolved when rendering (e.g. a journey step's field missing from its response).
 */
public final class TemplateException extends RuntimeException {
    private final int offset;

    public TemplateException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    public TemplateException(String message) {
        this(message, -1);
    }

    /** The character offset in the template source where the problem is, or {@code -1}. */
    public int offset() {
        return offset;
    }
}
