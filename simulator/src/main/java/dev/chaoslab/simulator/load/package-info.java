/**
 * The load client: the open-model scheduler, intended send times, HTTP/1.1 connections per origin,
 * deadlines and the {@link dev.chaoslab.simulator.load.Outcome} of each request. May use {@code traffic},
 * telemetry and Vert.x; never {@code run}, {@code scenario}, {@code cli}, {@code api} or {@code report}.
 */
package dev.chaoslab.simulator.load;
