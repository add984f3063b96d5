/**
 * The REST API ({@code openapi.yaml}): routes, the verticle that serves them, token authentication, and
 * errors as values answered with a fixed status and a JSON body. On top of the engine: may use {@code run}'s
 * manager, {@code scenario}, {@code report} and the typed results; never {@code cli}.
 */
package dev.chaoslab.simulator.api;
