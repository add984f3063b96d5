/**
 * HTTP plumbing the shop's services share: errors as values with their status, request-body readers that
 * name every bad field, replies, and {@link dev.chaoslab.targets.http.Downstream} calls to a dependency with
 * bounded pools and timeouts. May use the chaos fault model (dependency faults apply in {@code Downstream}),
 * telemetry and Vert.x; never {@code shop} or the wiring package.
 */
package dev.chaoslab.targets.http;
