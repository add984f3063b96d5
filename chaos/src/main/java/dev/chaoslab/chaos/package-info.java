/**
 * The fault model of chaoslab and the engine that applies it to any Vert.x 5 {@code Router}: the one definition
 * of fault types, their limits, the duration grammar and the {@code /chaos/faults} API, used by the bundled shop,
 * by the simulator's scenario validation and by anything else that embeds it.
 *
 * <h2>What lives here</h2>
 * <ul>
 *   <li>Model: {@link dev.chaoslab.chaos.FaultTypes} (the registry: one class per type, one line each),
 *     {@link dev.chaoslab.chaos.FaultReader} (the JSON reader, every problem named by field path),
 *     {@link dev.chaoslab.chaos.FaultSpec}, {@link dev.chaoslab.chaos.FaultScope},
 *     {@link dev.chaoslab.chaos.ChaosOptions} (the ceilings, {@code DEFAULT_*}), {@link dev.chaoslab.chaos.Delay}
 *     and {@link dev.chaoslab.chaos.Durations} (the one duration grammar: {@code 500ms}, {@code 30s},
 *     {@code 1m30s}, {@code 1.5s}).</li>
 *   <li>Runtime: {@link dev.chaoslab.chaos.ChaosEngine} (the fault store with TTL expiry, and the handler that
 *     applies faults to requests), {@link dev.chaoslab.chaos.ChaosApi} (the {@code /chaos/faults} router) and
 *     {@link dev.chaoslab.chaos.DependencyFaults} (the hook an application's downstream calls go through).</li>
 * </ul>
 * May depend on {@code dev.chaoslab.chaos.http}, Vert.x, Micrometer, the OpenTelemetry API and SLF4J; never on the
 * targets or the simulator. The simulator uses the model only.
 *
 * <h2>Embedding</h2>
 * <pre>{@code
 * ChaosEngine chaos = new ChaosEngine("catalog", vertx, registry, new ChaosOptions(), Set.of("db"),
 *     new Random(), ChaosClock.SYSTEM);
 * Router router = Router.router(vertx);
 * router.route("/chaos/*").handler(BodyHandler.create());
 * new ChaosApi(chaos, null, false).mount(router);           // token, listens on a non-loopback address
 * router.get("/api/items/:id").handler(chaos.requestHandler("GET", "/api/items/:id")).handler(this::item);
 * // before each call to "db": chaos.beforeCall("db", ctx, timeoutMs).compose(v -> callDb(...))
 * }</pre>
 *
 * <h2>Fault types</h2>
 * Every fault has {@code type}, a mandatory {@code ttl} (at most {@code CHAOS_MAX_TTL_MS}, 1h by default), an
 * optional {@code probability} in [0, 1] (default 1), {@code match: {method, route}} (a route pattern the service
 * registered) and up to 16 {@code labels} (names {@code [a-zA-Z_][a-zA-Z0-9_]*}, values up to 128 characters).
 * Unknown fields are refused. Several matching faults apply in creation order.
 * <dl>
 *   <dt>{@code latency}</dt>
 *   <dd>Delays matching requests by a sampled delay, then serves them. {@code latency: {distribution, …}}:
 *     {@code fixed {ms}}, {@code uniform {minMs, maxMs}}, {@code normal {meanMs, stdDevMs}},
 *     {@code lognormal {medianMs, sigma ≤ 4}}; every millisecond parameter ≤ {@code CHAOS_MAX_LATENCY_MS}
 *     (30000), samples cut at that ceiling and at 0. The response carries {@code X-Chaos-Delay-Ms}.
 *     {@code {"type":"latency","ttl":"5m","latency":{"distribution":"lognormal","medianMs":200,"sigma":0.8}}}</dd>
 *   <dt>{@code error}</dt>
 *   <dd>Answers matching requests with {@code status} (400–599) and a JSON body
 *     {@code {"error":"chaos_injected",…}} instead of serving them.
 *     {@code {"type":"error","ttl":"2m","status":503,"probability":0.2,"match":{"route":"/payments"}}}</dd>
 *   <dt>{@code hang}</dt>
 *   <dd>Never answers: the client waits until its own timeout. Requests still held when the fault goes (TTL or
 *     DELETE) get their connection closed. No fields. {@code {"type":"hang","ttl":"1m","probability":0.3}}</dd>
 *   <dt>{@code reset}</dt>
 *   <dd>Closes the connection without a response. No fields. {@code {"type":"reset","ttl":"30s"}}</dd>
 *   <dt>{@code dependency}</dt>
 *   <dd>Makes the service's calls to one of its dependencies fail, without touching the dependency:
 *     {@code dependency: {name, mode, status?, latency?}}; {@code name} must be one the service declared (a
 *     scenario declares them under {@code dependencies:}); {@code mode} {@code fail} (it answers {@code status},
 *     400–599, default 503), {@code refuse} (connection refused), {@code timeout} (no answer within the call's
 *     timeout) or {@code latency} (the call starts after a sampled delay, as for {@code latency}; a delay past the
 *     timeout is a timeout). {@code match} scopes it by the incoming route.
 *     {@code {"type":"dependency","ttl":"3m","dependency":{"name":"payments","mode":"timeout"}}}</dd>
 *   <dt>{@code cpu}</dt>
 *   <dd>Burns {@code cpuMs} (1 … {@code CHAOS_MAX_CPU_MS}, 1000) of CPU time per matching request on a small
 *     worker pool (never the event loop), then serves it. {@code {"type":"cpu","ttl":"1m","cpuMs":20}}</dd>
 * </dl>
 * A bad fault is answered 400 {@code {"error":"invalid_fault","problems":[{"field":"latency.ms","message":…}]}};
 * more than {@code CHAOS_MAX_FAULTS} (100) active faults, 409.
 */
package dev.chaoslab.chaos;
