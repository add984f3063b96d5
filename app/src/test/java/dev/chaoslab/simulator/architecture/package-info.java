/** ArchUnit rules of the simulator's layering, over the production classes of every chaoslab module. */
package dev.chaoslab.simulator.architecture;
