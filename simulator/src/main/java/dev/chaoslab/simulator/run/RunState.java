package dev.chaoslab.simulator.run;

import java.util.Locale;

/** The {@code state} of a run in its status and report. */
public enum RunState {
  RUNNING, COMPLETED, STOPPED, FAILED;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean finished() {
    return this != RUNNING;
  }
}
