/**
 * JSON request plumbing shared by the chaos API and the services that embed it: {@link
 * dev.chaoslab.chaos.http.ApiError} (an error that carries its HTTP status and JSON body), {@link
 * dev.chaoslab.chaos.http.JsonFields} and {@link dev.chaoslab.chaos.http.Problems} (typed reads that name every
 * bad field), request {@link dev.chaoslab.chaos.http.Bodies}, JSON {@link dev.chaoslab.chaos.http.Responses} and
 * the routers' {@link dev.chaoslab.chaos.http.FailureHandler}.
 *
 * <p>Depends on Vert.x core and web (and the SLF4J API a failure handler logs to) only; nothing here knows about
 * faults.
 */
package dev.chaoslab.chaos.http;
