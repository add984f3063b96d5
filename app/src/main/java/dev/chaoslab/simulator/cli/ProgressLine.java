package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.result.FaultRow;
import dev.chaoslab.simulator.result.FaultState;
import dev.chaoslab.simulator.result.Rate;
import dev.chaoslab.simulator.result.Recent;
import dev.chaoslab.simulator.result.ResultText;
import dev.chaoslab.simulator.result.RunStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The live progress line of {@code run}: phase, rate scheduled/achieved, p99 and error share over the status's
 * recent window (so a fault or a turn of the dial shows within seconds, not diluted by the run so far), errors and
 * drops since the start, and active faults, from the run status. On a terminal it is redrawn in place;
 * otherwise (CI logs, pipes) one line is printed every {@link #PLAIN_INTERVAL_MS} so logs stay readable.
 */
final class ProgressLine {

    static final long PLAIN_INTERVAL_MS = 5000;

    private final PrintWriter out;
    private final boolean tty;
    private long lastPlainAt = Long.MIN_VALUE;
    private boolean drawn;

    ProgressLine(PrintWriter out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    /** Shows the status; {@code nowMs} is a monotonic clock reading used to pace the plain output. */
    void update(RunStatus status, long nowMs) {
        String line = format(status);
        if (tty) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
            drawn = true;
        } else if (lastPlainAt == Long.MIN_VALUE || nowMs - lastPlainAt >= PLAIN_INTERVAL_MS) {
            out.println(line);
            lastPlainAt = nowMs;
        }
    }

    /** Ends the redrawn line so that what follows starts on a fresh line. */
    void finish() {
        if (tty && drawn) {
            out.println();
            drawn = false;
        }
    }

    static String format(RunStatus status) {
        Rate rate = status.rate();
        Recent recent = status.recent();
        StringBuilder line = new StringBuilder();
        line.append('[')
                .append(ResultText.clock(status.elapsedMs()))
                .append('/')
                .append(ResultText.clock(status.durationMs()))
                .append("] ")
                .append(status.phase() == null ? "-" : status.phase())
                .append("  rate ")
                .append(ResultText.num(rate.scheduled(), 1))
                .append('/')
                .append(ResultText.num(rate.achieved(), 1))
                .append(" req/s");
        if (rate.absolute() != null) {
            line.append(" (fixed)");
        } else if (rate.multiplier() != 1.0) {
            line.append(" (x").append(ResultText.num(rate.multiplier(), 2)).append(')');
        }
        Double recentP99 = recent.corrected().p99();
        line.append("  last ")
                .append(recent.seconds())
                .append("s: p99 ")
                .append(recentP99 == null ? "-" : ResultText.num(recentP99, 1) + " ms")
                .append(", errors ")
                .append(
                        recent.completed() == 0
                                ? "-"
                                : ResultText.num(100.0 * recent.errors().total() / recent.completed(), 1) + "%")
                .append("  total: errors ")
                .append(status.totals().errors().total())
                .append(", dropped ")
                .append(status.totals().dropped())
                .append("  faults ")
                .append(activeFaults(status.faults()));
        return line.toString();
    }

    private static String activeFaults(List<FaultRow> faults) {
        List<String> active = new ArrayList<>();
        for (FaultRow fault : faults) {
            if (fault.state() == FaultState.ACTIVE) {
                active.add(fault.type() + "@" + fault.target());
            }
        }
        return active.isEmpty() ? "none" : String.join(",", active);
    }
}
