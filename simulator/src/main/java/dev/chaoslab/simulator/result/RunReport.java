package dev.chaoslab.simulator.result;

import java.util.List;

/**
 * The report of a finished (completed, stopped or failed) run, what {@code report.json} holds: the final status
 * (with the phases as they ran and every kind of error) plus the details.
 *
 * @param byRequest    one row per request label and phase, plus one over all phases for labels seen in several
 * @param timeline     one row per second
 * @param expectations the alert verdicts
 */
public record RunReport(RunStatus status, List<RequestRow> byRequest, List<SecondRow> timeline,
                        List<ThresholdResult> thresholds, List<RateChangeAt> rateChanges, List<Verdict> expectations) {

  public RunReport {
    if (status == null) {
      throw new IllegalArgumentException("a run report needs a status");
    }
    byRequest = List.copyOf(byRequest);
    timeline = List.copyOf(timeline);
    thresholds = List.copyOf(thresholds);
    rateChanges = List.copyOf(rateChanges);
    expectations = List.copyOf(expectations);
  }

  public String runId() {
    return status.runId();
  }

  public RunState state() {
    return status.state();
  }

  /** Whether every threshold passed (true when there are none). */
  public boolean thresholdsPassed() {
    return thresholds.stream().allMatch(ThresholdResult::passed);
  }

  /** Whether every alert expectation passed (true when there are none). */
  public boolean expectationsPassed() {
    return expectations.stream().allMatch(Verdict::passed);
  }
}
