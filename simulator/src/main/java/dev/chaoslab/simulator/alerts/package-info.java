/**
 * Alert verdicts: a client of the Prometheus HTTP API, the alert poller and its history, the pure rules
 * that decide an expectation, tuning margins, and a Prometheus and an Alertmanager started as child processes
 * (their one lifecycle: {@code LocalProcess}). May use {@code scenario} (the expectations) and the typed results;
 * never {@code run}, {@code report}, {@code cli} or {@code api}.
 */
package dev.chaoslab.simulator.alerts;
