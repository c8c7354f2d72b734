package dev.lunora.handlers.api;

import dev.lunora.core.usage.UsageReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The usage report on the wire: hours to three decimals, seconds to the millisecond, dollars to the cent. */
final class UsageJson {

    private UsageJson() {
    }

    static Map<String, Object> report(UsageReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", r.from().toString());
        m.put("to", r.to().toString());
        m.put("time_zone", "UTC");
        m.put("hourly_rate_usd", r.hourlyRateUsd());
        m.put("rate_source", r.rateSource());
        m.put("totals", period(r.total()));
        m.put("destinations", r.destinations().stream().map(d -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("destination_id", d.destinationId());
            row.put("name", d.name());
            row.put("streaming_seconds", round(d.seconds(), 3));
            row.put("streaming_hours", round(d.seconds() / 3600, 3));
            return row;
        }).toList());
        m.put("days", periods(r.days()));
        m.put("months", periods(r.months()));
        return m;
    }

    private static List<Map<String, Object>> periods(List<UsageReport.Period> periods) {
        return periods.stream().map(UsageJson::period).toList();
    }

    private static Map<String, Object> period(UsageReport.Period p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", p.label());
        m.put("channel_seconds", round(p.channelSeconds(), 3));
        m.put("channel_hours", round(p.channelSeconds() / 3600, 3));
        m.put("estimated_cost_usd", round(p.estimatedCostUsd(), 2));
        Map<String, Object> dest = new LinkedHashMap<>();
        p.destinationSeconds().forEach((id, sec) -> dest.put(id, round(sec / 3600, 3)));
        m.put("destination_hours", dest);
        return m;
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
