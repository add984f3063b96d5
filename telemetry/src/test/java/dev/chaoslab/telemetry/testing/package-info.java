/**
 * Test utilities published in the telemetry test-jar for every module's tests: an in-process OTLP receiver,
 * a capture of the JSON log lines, a refused port and a Vert.x context of a test's own. May use the telemetry
 * packages and public Vert.x API; never another chaoslab module.
 */
package dev.chaoslab.telemetry.testing;
