/**
 * Report writers and the report store: the self-contained HTML page with its SVG charts (numbers and times read as
 * {@code result.ResultText} writes them), and {@code report.json}/{@code report.html} on disk. Reads the typed results;
 * never {@code run} internals, {@code cli} or {@code api}.
 */
package dev.chaoslab.simulator.report;
