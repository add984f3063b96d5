package dev.chaoslab.simulator.result;

/** A status or report JSON that cannot be read: the message names the field ({@code byRequest[3].count}) and why. */
public final class ResultFormatException extends IllegalArgumentException {

    public ResultFormatException(String path, String problem) {
        super((path.isEmpty() ? "" : path + ": ") + problem);
    }
}
