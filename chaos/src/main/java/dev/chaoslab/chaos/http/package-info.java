/**
 * JSON request plumbing shared by the chaos API and the services that embed it: {@link
 * dev.chaoslab.chaos.http.ApiError} (an error that carries its HTTP status and JSON body), {@link
 * dev.chaoslab.chaos.http.JsonFields} and {@link dev.chaoslab.chaos.http.Problems} (typed reads that name every
 * bad field), request {@link dev.chaoslab.chaos.http.Bodies} and JSON {@link dev.chaoslab.chaos.http.Responses}.
 *
 * <p>Depends on Vert.x core and web only; nothing here knows about faults.
 */
package dev.chaoslab.chaos.http;
