/**
 * The four services of the bundled shop (gateway, orders, payments, inventory): their verticles, routes,
 * request records and bounded in-memory state. May use {@code http}, the chaos fault model and telemetry only
 * (an ArchUnit rule says so); never the wiring package that starts them.
 */
package dev.chaoslab.targets.shop;
