/**
 * Report writers and the report store: the self-contained HTML page with its SVG charts, the number formats
 * it shows, and {@code report.json}/{@code report.html} on disk. Reads the typed results; never {@code run}
 * internals, {@code cli} or {@code api}.
 */
package dev.chaoslab.simulator.report;
