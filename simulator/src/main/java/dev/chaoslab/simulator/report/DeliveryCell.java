package dev.chaoslab.simulator.report;

import dev.chaoslab.simulator.result.Delivery;
import dev.chaoslab.simulator.result.ResultText;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import java.util.Map;

/**
 * The HTML of an expectation row's delivery cell: which receiver the notification reached, how long after the
 * window's start (against {@code within}), its Alertmanager group and how many alerts it carried; {@code -} for a
 * verdict that no notification decides.
 */
final class DeliveryCell {

    private DeliveryCell() {}

    static String html(Verdict v) {
        if (!v.kind().delivery()) {
            return "-";
        }
        Delivery d = v.delivery();
        boolean notifies = v.kind() == Expectation.Kind.NOTIFIES;
        if (d == null) {
            return notifies
                    ? "none reached " + Html.escape(v.receiver() == null ? "the receiver" : v.receiver()) + within(v)
                    : "none reached any receiver";
        }
        StringBuilder out = new StringBuilder();
        out.append(notifies ? "" : "reached ")
                .append("<b>")
                .append(Html.escape(d.receiver()))
                .append("</b> after ")
                .append(Html.escape(ResultText.duration(v.timeToNotifyMs())))
                .append(notifies ? within(v) : "")
                .append("<br>group ")
                .append(Html.escape(group(d.groupLabels())))
                .append("<br>")
                .append(d.alerts())
                .append(d.alerts() == 1 ? " alert" : " alerts");
        return out.toString();
    }

    private static String within(Verdict v) {
        return v.withinMs() == null ? "" : " (within " + Html.escape(ResultText.duration(v.withinMs())) + ")";
    }

    private static String group(Map<String, String> labels) {
        StringBuilder out = new StringBuilder("{");
        labels.forEach((key, value) ->
                out.append(out.length() > 1 ? ", " : "").append(key).append('=').append(value));
        return out.append('}').toString();
    }
}
