package dev.chaoslab.simulator.merge;

/** Shard reports that cannot be merged: the message names the shard or file at fault and why. */
public final class MergeException extends IllegalArgumentException {

    public MergeException(String message) {
        super(message);
    }
}
