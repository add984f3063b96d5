package dev.chaoslab.simulator.result;

/** Which scenario a run ran: its name, description and the file it came from (description and source may be null). */
public record ScenarioInfo(String name, String description, String source) {}
