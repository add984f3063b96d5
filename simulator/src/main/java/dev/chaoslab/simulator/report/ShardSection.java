package dev.chaoslab.simulator.report;

import dev.chaoslab.simulator.result.ResultText;
import dev.chaoslab.simulator.result.ShardBlock;
import dev.chaoslab.simulator.result.ShardRow;

/** The report page's sharding section: which stripe a shard sent, or a merged report's per-shard rows for skew. */
final class ShardSection {
    private ShardSection() {}

    /** Appends the section for {@code block}; nothing for a whole run ({@code block} null). */
    static void render(StringBuilder page, ShardBlock block) {
        if (block == null) {
            return;
        }
        page.append("<h2>Shards</h2><p>");
        if (block.merged()) {
            page.append("Merged from ")
                    .append(block.count())
                    .append(" shard(s): counters summed, histograms merged exactly, thresholds judged on the merge; ")
                    .append("faults, rate changes and alert verdicts are the leader's (shard 0).");
        } else {
            page.append("Shard ")
                    .append(block.index())
                    .append(" of ")
                    .append(block.count())
                    .append(": it sent arrivals i with i mod ")
                    .append(block.count())
                    .append(" = ")
                    .append(block.index())
                    .append(
                            block.leader()
                                    ? "; it is the leader and ran the chaos timeline and the alert verdicts."
                                    : "; not the leader: the chaos timeline and the alert verdicts ran on shard 0 only."
                                            + " Thresholds here are this shard's alone; merge the shards to judge the run.");
        }
        page.append("</p><p class=\"meta\">")
                .append(Html.escape(block.identity()))
                .append("; ")
                .append(ResultText.num(block.missed(), 0))
                .append(" arrival(s) missed by starting late (counted as dropped).</p>");
        if (block.shards().isEmpty()) {
            return;
        }
        page.append("<table><tr><th>shard</th><th>run</th><th>sent</th><th>ok</th><th>errors</th><th>dropped</th>")
                .append("<th>p99</th></tr>");
        for (ShardRow r : block.shards()) {
            page.append("<tr><td>")
                    .append(r.index())
                    .append("</td><td>")
                    .append(Html.escape(r.runId()))
                    .append("</td><td>")
                    .append(ResultText.num(r.sent(), 0))
                    .append("</td><td>")
                    .append(ResultText.num(r.ok(), 0))
                    .append("</td><td>")
                    .append(ResultText.num(r.errors(), 0))
                    .append("</td><td>")
                    .append(ResultText.num(r.dropped(), 0))
                    .append("</td><td>")
                    .append(ResultText.num(r.p99Ms(), 1))
                    .append("</td></tr>");
        }
        page.append("</table><p class=\"meta\">p99 is each shard's corrected latency in ms.</p>");
    }
}
