/**
 * Traffic shapes (constant, ramp, steps, spike, sine) and the arrival maths that turns a rate into intended
 * send times. Pure: no Vert.x, no clock; depends on no other chaoslab package.
 */
package dev.chaoslab.simulator.traffic;
