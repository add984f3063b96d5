package dev.chaoslab.simulator.cli;

/**
 * A flag value that the options it sets refuse. The message starts with the flag and carries the options'
 * own reason with its limit ({@code --max-in-flight: inFlightCap must be > 0, was 0}); {@link ChaoslabCommand}
 * prints it and exits with {@link ExitCodes#INVALID_INPUT} before anything runs.
 */
final class FlagException extends RuntimeException {

    private FlagException(String message) {
        super(message);
    }

    /** A refused value of {@code flag}; {@code reason} says what was wrong and what is expected. */
    static FlagException of(String flag, String reason) {
        return new FlagException(flag + ": " + reason);
    }

    /** Runs {@code setter}; an {@link IllegalArgumentException} from it becomes a FlagException naming {@code flag}. */
    static void apply(String flag, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw of(flag, e.getMessage());
        }
    }
}
