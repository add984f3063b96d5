/**
 * Starts the bundled shop: which services ({@link dev.chaoslab.targets.ServiceName}), where
 * ({@link dev.chaoslab.targets.TargetsConfig}), one Vert.x instance and telemetry each, in this process or one per
 * process ({@link dev.chaoslab.targets.TargetsMain}). Wires {@code shop}, {@code http}, the chaos fault model and
 * telemetry together; nothing in the targets depends on this package.
 */
package dev.chaoslab.targets;
