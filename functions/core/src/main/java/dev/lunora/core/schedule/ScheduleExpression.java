package dev.lunora.core.schedule;

import dev.lunora.core.exceptions.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.BitSet;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge Scheduler expression — {@code at(...)}, {@code rate(...)} or the six-field {@code cron(...)} —
 * parsed and evaluated here, so both worlds refuse the same input with the same words and local mode fires
 * when AWS would. Daylight saving follows EventBridge Scheduler: a cron time that does not exist on a
 * spring-forward day is skipped, and a time that happens twice on a fall-back day runs once (the first).
 */
public sealed interface ScheduleExpression permits ScheduleExpression.At, ScheduleExpression.Rate, ScheduleExpression.Cron {

    String FIELD = "expression";

    /** The expression as EventBridge Scheduler takes it. */
    String text();

    /** False for {@code at(...)}, which fires once. */
    boolean repeats();

    /**
     * The first firing strictly after {@code after}; empty when it never fires again. For {@code rate(...)},
     * {@code after} is the previous firing (or the creation time), since a rate counts from there.
     */
    Optional<Instant> nextAfter(Instant after, ZoneId zone);

    static ScheduleExpression parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ValidationException(FIELD, "Expression is required: at(2026-12-01T18:55:00), rate(5 minutes) or cron(55 18 ? * SUN *).");
        }
        String s = raw.strip();
        if (s.startsWith("at(") && s.endsWith(")")) {
            return At.parse(s.substring(3, s.length() - 1).strip());
        }
        if (s.startsWith("rate(") && s.endsWith(")")) {
            return Rate.parse(s.substring(5, s.length() - 1).strip());
        }
        if (s.startsWith("cron(") && s.endsWith(")")) {
            return Cron.parse(s.substring(5, s.length() - 1).strip());
        }
        throw new ValidationException(FIELD, "Unknown expression '" + printable(s) + "'. Use at(2026-12-01T18:55:00) for once, "
                + "rate(5 minutes) or cron(55 18 ? * SUN *) to repeat.");
    }

    /** Validates an IANA time zone name (offsets like +02:00 are refused, as EventBridge Scheduler does). */
    static ZoneId zone(String raw) {
        if (raw == null || raw.isBlank()) {
            return ZoneId.of("UTC");
        }
        String s = raw.strip();
        if (!ZoneId.getAvailableZoneIds().contains(s)) {
            throw new ValidationException("time_zone", "Unknown time zone '" + printable(s)
                    + "'. Use an IANA name such as Europe/Paris, America/New_York or UTC.");
        }
        return ZoneId.of(s);
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** Once, at a local date and time in the schedule's zone. */
    record At(LocalDateTime when) implements ScheduleExpression {

        private static final Pattern FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");

        static At parse(String body) {
            if (!FORM.matcher(body).matches()) {
                throw new ValidationException(FIELD, "at(...) takes a local date and time with seconds, like at(2026-12-01T18:55:00)"
                        + " (yyyy-mm-ddThh:mm:ss, in time_zone, without a zone or offset).");
            }
            try {
                return new At(LocalDateTime.parse(body));
            } catch (DateTimeParseException e) {
                throw new ValidationException(FIELD, "at(" + body + ") is not a real date and time.");
            }
        }

        @Override
        public String text() {
            return "at(" + when + (when.getSecond() == 0 ? ":00" : "") + ")";
        }

        @Override
        public boolean repeats() {
            return false;
        }

        @Override
        public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
            Instant at = ZonedDateTime.of(when, zone).toInstant();
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }
    }

    /** Every {@code value} minutes, hours or days, counted from the previous firing. */
    record Rate(long value, String unit) implements ScheduleExpression {

        private static final Pattern FORM = Pattern.compile("(\\d{1,6})\\s+([a-z]+)");

        static Rate parse(String body) {
            Matcher m = FORM.matcher(body);
            if (!m.matches()) {
                throw new ValidationException(FIELD, "rate(...) takes a whole number and a unit, like rate(5 minutes) or rate(1 hour).");
            }
            long value = Long.parseLong(m.group(1));
            String unit = m.group(2);
            if (value < 1) {
                throw new ValidationException(FIELD, "rate(...) needs a value of at least 1.");
            }
            String base = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
            if (!base.equals("minute") && !base.equals("hour") && !base.equals("day")) {
                throw new ValidationException(FIELD, "rate(...) unit must be minutes, hours or days (got '" + printable(unit) + "').");
            }
            String expected = value == 1 ? base : base + "s";
            if (!unit.equals(expected)) {
                throw new ValidationException(FIELD, "Write rate(" + value + " " + expected + "): EventBridge Scheduler wants the singular unit for 1 and the plural otherwise.");
            }
            return new Rate(value, unit);
        }

        public Duration period() {
            return switch (unit.startsWith("minute") ? "m" : unit.startsWith("hour") ? "h" : "d") {
                case "m" -> Duration.ofMinutes(value);
                case "h" -> Duration.ofHours(value);
                default -> Duration.ofDays(value);
            };
        }

        @Override
        public String text() {
            return "rate(" + value + " " + unit + ")";
        }

        @Override
        public boolean repeats() {
            return true;
        }

        @Override
        public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
            return Optional.of(after.plus(period()));
        }
    }

    /** AWS six-field cron: minutes hours day-of-month month day-of-week year. */
    record Cron(String body, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek, BitSet years,
                boolean anyDayOfMonth, boolean anyDayOfWeek) implements ScheduleExpression {

        private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
        private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
        private static final int FIRST_YEAR = 1970;
        private static final int LAST_YEAR = 2199;

        static Cron parse(String body) {
            String[] f = body.split("\\s+");
            if (f.length != 6) {
                throw new ValidationException(FIELD, "cron(...) takes six fields — minutes hours day-of-month month day-of-week year — "
                        + "like cron(55 18 ? * SUN *); got " + f.length + ".");
            }
            for (String field : f) {
                String withoutNames = field.replaceAll("(?i)JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT", "");
                if (withoutNames.matches("(?i).*[LW#].*")) {
                    throw new ValidationException(FIELD, "cron(...) field '" + printable(field)
                            + "' uses L, W or #, which Lunora does not support. Use plain values, ranges, lists and steps.");
                }
            }
            boolean qDom = f[2].equals("?");
            boolean qDow = f[4].equals("?");
            if (qDom == qDow) {
                throw new ValidationException(FIELD, "cron(...) needs '?' in exactly one of day-of-month (3rd field) and day-of-week (5th field), "
                        + "like cron(55 18 ? * SUN *) or cron(0 9 1 * ? *).");
            }
            if (f[0].contains("?") || f[1].contains("?") || f[3].contains("?") || f[5].contains("?")) {
                throw new ValidationException(FIELD, "cron(...) allows '?' only in day-of-month or day-of-week.");
            }
            BitSet min = field(f[0], "minutes", 0, 59, null, 0);
            BitSet hr = field(f[1], "hours", 0, 23, null, 0);
            BitSet dom = qDom ? null : field(f[2], "day-of-month", 1, 31, null, 0);
            BitSet mon = field(f[3], "month", 1, 12, MONTHS, 1);
            BitSet dow = qDow ? null : field(f[4], "day-of-week", 1, 7, DAYS, 1);
            BitSet yr = field(f[5], "year", FIRST_YEAR, LAST_YEAR, null, 0);
            return new Cron(String.join(" ", f), min, hr, dom, mon, dow, yr, qDom, qDow);
        }

        private static BitSet field(String text, String name, int lo, int hi, String[] names, int nameBase) {
            BitSet set = new BitSet(hi + 1);
            for (String item : text.split(",", -1)) {
                if (item.isEmpty()) {
                    throw new ValidationException(FIELD, "cron(...) " + name + " field '" + printable(text) + "' has an empty list item.");
                }
                String range = item;
                int step = 1;
                int slash = item.indexOf('/');
                if (slash >= 0) {
                    range = item.substring(0, slash);
                    step = number(item.substring(slash + 1), name, 1, hi - lo + 1, null, 0);
                }
                int from;
                int to;
                if (range.equals("*")) {
                    from = lo;
                    to = hi;
                } else if (range.contains("-")) {
                    String[] ends = range.split("-", -1);
                    if (ends.length != 2) {
                        throw new ValidationException(FIELD, "cron(...) " + name + " range '" + printable(range) + "' is not like 1-5.");
                    }
                    from = number(ends[0], name, lo, hi, names, nameBase);
                    to = number(ends[1], name, lo, hi, names, nameBase);
                    if (to < from) {
                        throw new ValidationException(FIELD, "cron(...) " + name + " range '" + printable(range) + "' runs backwards.");
                    }
                } else {
                    from = number(range, name, lo, hi, names, nameBase);
                    to = slash >= 0 ? hi : from;
                }
                for (int v = from; v <= to; v += step) {
                    set.set(v);
                }
            }
            return set;
        }

        private static int number(String s, String name, int lo, int hi, String[] names, int nameBase) {
            if (names != null) {
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equalsIgnoreCase(s)) {
                        return i + nameBase;
                    }
                }
            }
            int v;
            try {
                v = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new ValidationException(FIELD, "cron(...) " + name + " value '" + printable(s) + "' is not a number"
                        + (names == null ? "" : " or a name like " + names[0]) + ".");
            }
            if (v < lo || v > hi) {
                throw new ValidationException(FIELD, "cron(...) " + name + " value " + v + " is outside " + lo + "-" + hi + ".");
            }
            return v;
        }

        @Override
        public String text() {
            return "cron(" + body + ")";
        }

        @Override
        public boolean repeats() {
            return true;
        }

        @Override
        public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
            LocalDate day = after.atZone(zone).toLocalDate();
            int lastYear = years.previousSetBit(LAST_YEAR);
            for (; day.getYear() <= lastYear; day = day.plusDays(1)) {
                if (!matchesDay(day)) {
                    continue;
                }
                for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                    for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                        LocalDateTime local = LocalDateTime.of(day, LocalTime.of(h, m));
                        if (zone.getRules().getValidOffsets(local).isEmpty()) {
                            continue; // skipped by a spring-forward change: EventBridge Scheduler skips it too
                        }
                        // In a fall-back overlap ofLocal takes the earlier offset, so the repeated hour fires once.
                        Instant at = ZonedDateTime.ofLocal(local, zone, null).toInstant();
                        if (at.isAfter(after)) {
                            return Optional.of(at);
                        }
                    }
                }
            }
            return Optional.empty();
        }

        private boolean matchesDay(LocalDate day) {
            if (!years.get(day.getYear()) || !months.get(day.getMonthValue())) {
                return false;
            }
            if (!anyDayOfMonth) {
                return daysOfMonth.get(day.getDayOfMonth());
            }
            int awsDow = day.getDayOfWeek().getValue() % 7 + 1; // AWS: 1 = Sunday … 7 = Saturday
            return daysOfWeek.get(awsDow);
        }
    }
}
