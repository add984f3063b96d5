package dev.chaoslab.simulator.result;

/** The run's arrivals so far: scheduled, sent, dropped (in-flight cap or no connection), completed, ok, errors. */
public record Totals(long scheduled, long sent, long dropped, long completed, long ok, ErrorCounts errors) {

    public static final Totals NONE = new Totals(0, 0, 0, 0, 0, ErrorCounts.NONE);
}
