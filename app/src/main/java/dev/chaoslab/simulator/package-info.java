/**
 * The {@code chaoslab} command line's entry point. May use every package of the simulator; nothing
 * depends on it.
 */
package dev.chaoslab.simulator;
