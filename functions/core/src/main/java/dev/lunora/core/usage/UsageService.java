package dev.lunora.core.usage;

import dev.lunora.core.destination.Destination;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.ports.DestinationStore;
import dev.lunora.core.ports.SessionHistory;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The usage report behind {@code GET /api/usage}: sessions cut at UTC midnights, summed per day and month. */
public final class UsageService {

    /**
     * MediaLive on-demand, us-east-1: one HD AVC input (10–20 Mbps) $0.294/h plus one HD AVC output $0.702/h, i.e. a
     * single-pipeline HD channel with one RTMP output. Rates from the AWS Solutions cost example
     * https://docs.aws.amazon.com/solutions/latest/live-streaming-on-aws-with-amazon-s3/cost-example-2.html
     * (pricing page: https://aws.amazon.com/medialive/pricing/). Each further HD output adds about $0.70/h.
     */
    public static final double DEFAULT_HOURLY_RATE_USD = 0.294 + 0.702;
    public static final String DEFAULT_RATE_SOURCE = "MediaLive on-demand, us-east-1: HD AVC input $0.294/h + one HD AVC output "
            + "$0.702/h (https://docs.aws.amazon.com/solutions/latest/live-streaming-on-aws-with-amazon-s3/cost-example-2.html; "
            + "see https://aws.amazon.com/medialive/pricing/). Estimate only: extra outputs, other regions and per-minute "
            + "billing with a 10-minute minimum are not counted.";
    /** A year and a day: enough for any report a page shows, small enough to stay fast. */
    static final int MAX_DAYS = 366;

    private final SessionHistory sessions;
    private final DestinationStore destinations;
    private final Clock clock;
    private final double hourlyRateUsd;
    private final String rateSource;

    public UsageService(SessionHistory sessions, DestinationStore destinations, Clock clock, double hourlyRateUsd, String rateSource) {
        this.sessions = sessions;
        this.destinations = destinations;
        this.clock = clock;
        this.hourlyRateUsd = hourlyRateUsd;
        this.rateSource = rateSource;
    }

    /** @param fromRaw first day, YYYY-MM-DD (default: the first of {@code to}'s month); @param toRaw last day (default: today) */
    public UsageReport report(String fromRaw, String toRaw) {
        return report(fromRaw, toRaw, null);
    }

    /**
     * The report of one channel: its running time and its destinations' streaming time (each session records the
     * channel it ran on). {@code channelId} null or blank: every channel, as before channels were chosen.
     */
    public UsageReport report(String fromRaw, String toRaw, String channelId) {
        String channel = channelId == null || channelId.isBlank() ? null : channelId.strip();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate to = toRaw == null || toRaw.isBlank() ? today : date(toRaw, "to");
        LocalDate from = fromRaw == null || fromRaw.isBlank() ? to.withDayOfMonth(1) : date(fromRaw, "from");
        if (from.isAfter(to)) {
            throw new ValidationException("from", "'from' (" + from + ") is after 'to' (" + to + "). Swap them.");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new ValidationException("to", "Ask for at most " + MAX_DAYS + " days at a time.");
        }
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant now = clock.instant();

        Map<LocalDate, double[]> channelByDay = new TreeMap<>();
        Map<LocalDate, Map<String, Double>> destByDay = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            channelByDay.put(d, new double[1]);
            destByDay.put(d, new TreeMap<>());
        }
        for (SessionHistory.Session s : sessions.overlapping(start, end)) {
            if (channel != null && !channel.equals(s.channelId())) {
                continue;
            }
            Instant sessionEnd = s.end() != null ? s.end() : now;
            Instant a = s.start().isBefore(start) ? start : s.start();
            Instant b = sessionEnd.isAfter(end) ? end : sessionEnd;
            while (a.isBefore(b)) {
                LocalDate day = LocalDate.ofInstant(a, ZoneOffset.UTC);
                Instant midnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant pieceEnd = b.isBefore(midnight) ? b : midnight;
                double seconds = (pieceEnd.toEpochMilli() - a.toEpochMilli()) / 1000.0;
                if (s.isChannel()) {
                    channelByDay.get(day)[0] += seconds;
                } else {
                    destByDay.get(day).merge(s.subject(), seconds, Double::sum);
                }
                a = pieceEnd;
            }
        }

        List<UsageReport.Period> days = new ArrayList<>();
        Map<YearMonth, double[]> channelByMonth = new TreeMap<>();
        Map<YearMonth, Map<String, Double>> destByMonth = new TreeMap<>();
        Map<String, Double> destTotal = new TreeMap<>();
        double channelTotal = 0;
        for (Map.Entry<LocalDate, double[]> e : channelByDay.entrySet()) {
            double ch = e.getValue()[0];
            Map<String, Double> dest = destByDay.get(e.getKey());
            days.add(period(e.getKey().toString(), ch, dest));
            YearMonth month = YearMonth.from(e.getKey());
            channelByMonth.computeIfAbsent(month, m -> new double[1])[0] += ch;
            Map<String, Double> monthDest = destByMonth.computeIfAbsent(month, m -> new TreeMap<>());
            dest.forEach((id, sec) -> {
                monthDest.merge(id, sec, Double::sum);
                destTotal.merge(id, sec, Double::sum);
            });
            channelTotal += ch;
        }
        List<UsageReport.Period> months = new ArrayList<>();
        channelByMonth.forEach((m, ch) -> months.add(period(m.toString(), ch[0], destByMonth.get(m))));

        Map<String, String> names = destinations.list().stream()
                .collect(Collectors.toMap(Destination::destinationId, Destination::name, (x, y) -> x));
        List<UsageReport.DestinationTotal> perDestination = destTotal.entrySet().stream()
                .map(e -> new UsageReport.DestinationTotal(e.getKey(), names.get(e.getKey()), e.getValue()))
                .toList();
        return new UsageReport(from, to, hourlyRateUsd, rateSource, days, months, perDestination, period("total", channelTotal, destTotal));
    }

    private UsageReport.Period period(String label, double channelSeconds, Map<String, Double> destinations) {
        return new UsageReport.Period(label, channelSeconds, new LinkedHashMap<>(destinations), channelSeconds / 3600.0 * hourlyRateUsd);
    }

    private static LocalDate date(String raw, String field) {
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "'" + field + "' must be a date like 2026-11-24 (got '"
                    + raw.strip().replaceAll("\\p{Cntrl}", "?") + "').");
        }
    }
}
