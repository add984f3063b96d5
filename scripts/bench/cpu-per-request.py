#!/usr/bin/env python3
"""cpu-per-request.py BASE: async-profiler CPU samples (1 ms of CPU each, collapsed with thread names, BASE.collapsed)
per request of wrk's window (BASE.wrk), by telemetry component and by thread group. The first matching rule wins."""
import collections
import re
import sys

base = sys.argv[1]
requests = int(re.search(r'(\d+) requests in', open(base + '.wrk').read()).group(1))
RULES = [
    ('access log: writer thread', lambda t, s: t.startswith('log-writer')),
    # AccessLogHandler.handle is on the stack of the whole request (it calls ctx.next()): only its body-end part counts
    ('access log: event loop', lambda t, s: 'AccessLogHandler.log' in s or 'AccessLogHandler.lambda' in s
        or 'AsyncLogAppender' in s or 'AccessLine' in s or 'ShippedAccessLog' in s
        or 'ch/qos/logback' in s or 'net/logstash' in s),
    ('Micrometer', lambda t, s: 'io/micrometer' in s or 'io/vertx/micrometer' in s or 'HttpServerMeters' in s
        or 'HttpClientMeters' in s),
    ('OpenTelemetry', lambda t, s: 'io/opentelemetry' in s or 'io/vertx/tracing' in s or 'HttpSpanStatus' in s
        or 'ServerSpanCapture' in s or 'telemetry/HttpTracer' in s or 'telemetry/TagKeys' in s
        or 'VertxContextOtel' in s),
]
REST = 'rest (Vert.x, Netty, kernel, JIT, GC)'
categories, threads, total = collections.Counter(), collections.Counter(), 0
for line in open(base + '.collapsed'):
    stack, n = line.rstrip().rsplit(' ', 1)
    n = int(n)
    total += n
    thread = re.sub(r' tid=\d+', '', stack.split(';')[0].strip('[]'))
    threads[re.sub(r'-\d+$', '', thread)] += n
    categories[next((name for name, rule in RULES if rule(thread, stack)), REST)] += n
jit = sum(v for k, v in threads.items() if 'Compiler' in k)
print(f'  {requests} requests, {total} samples; CPU per request {total * 1000 / requests:.1f} µs '
      f'({(total - jit) * 1000 / requests:.1f} without the JIT compiler threads)')
for name in [r[0] for r in RULES] + [REST]:
    print(f'    {name:40s} {categories[name] * 1000 / requests:7.1f} µs/request')
print('    by thread: ' + ', '.join(f'{k} {v * 1000 / requests:.1f}' for k, v in threads.most_common(6)))
