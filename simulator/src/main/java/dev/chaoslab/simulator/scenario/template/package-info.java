/**
 * Templates of request paths, headers and JSON bodies ({@code ${…}} expressions), compiled once when a
 * scenario is loaded and rendered per request. Depends on no other simulator package.
 */
package dev.chaoslab.simulator.scenario.template;
