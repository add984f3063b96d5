package dev.chaoslab.simulator.scenario;

import dev.chaoslab.simulator.scenario.template.JsonTemplate;
import dev.chaoslab.simulator.scenario.template.Template;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP request of a request kind: a plain request is a journey of one step.
 *
 * @param name    the step name (a plain request's step has the request's name)
 * @param target  the target name, a key of {@link Scenario#targets()}
 * @param method  upper-case HTTP method
 * @param path    path template, starts with {@code /}
 * @param headers header name → value template
 * @param body    JSON body template, or null for no body
 * @param timeout per-request timeout, or null for the engine's default
 * @param expectedStatuses the statuses that count as success ({@link ExpectedStatuses#DEFAULT}: below 400)
 */
public record RequestStep(
        String name,
        String target,
        String method,
        Template path,
        Map<String, Template> headers,
        JsonTemplate body,
        Duration timeout,
        ExpectedStatuses expectedStatuses) {

    public RequestStep {
        headers = Map.copyOf(headers);
        expectedStatuses = expectedStatuses == null ? ExpectedStatuses.DEFAULT : expectedStatuses;
    }
}
