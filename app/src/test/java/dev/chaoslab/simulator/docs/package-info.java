/**
 * Tests that keep the documentation honest: {@code docs/cli.md} is generated from the picocli commands
 * ({@link dev.chaoslab.simulator.docs.CliReference}) and compared with the file, {@code docs/rest.md} covers every
 * path and method of {@code openapi.yaml}, and every relative link in {@code README.md} and {@code docs/} resolves.
 * May use the simulator's command line ({@code Main}) and its resources; nothing here runs traffic.
 */
package dev.chaoslab.simulator.docs;
