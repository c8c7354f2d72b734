package dev.lunora.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunora.core.exceptions.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant next(String expression, String after, ZoneId zone) {
        return ScheduleExpression.parse(expression).nextAfter(Instant.parse(after), zone).orElseThrow();
    }

    @Test
    void cron_sundayEvening_firesAtLocalTimeInTheZone() {
        // Tuesday 2026-11-24 → Sunday 2026-11-29 18:55 in New York (EST, UTC-5).
        assertThat(next("cron(55 18 ? * SUN *)", "2026-11-24T12:00:00Z", NEW_YORK)).isEqualTo(Instant.parse("2026-11-29T23:55:00Z"));
        assertThat(next("cron(55 18 ? * SUN *)", "2026-11-24T12:00:00Z", PARIS)).isEqualTo(Instant.parse("2026-11-29T17:55:00Z"));
    }

    @Test
    void cron_strictlyAfter_doesNotRepeatTheFiringJustDone() {
        assertThat(next("cron(55 18 ? * SUN *)", "2026-11-29T23:55:00Z", NEW_YORK)).isEqualTo(Instant.parse("2026-12-06T23:55:00Z"));
    }

    @Test
    void cron_listsRangesStepsNamesAndYear() {
        assertThat(next("cron(0/15 9-10 ? * MON-FRI 2027)", "2026-11-24T12:00:00Z", ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2027-01-01T09:00:00Z")); // Friday 1 Jan 2027
        assertThat(next("cron(30 8 1,15 JAN,JUL ? *)", "2026-11-24T12:00:00Z", ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2027-01-01T08:30:00Z"));
        assertThat(ScheduleExpression.parse("cron(0 12 ? * * 2020)").nextAfter(Instant.parse("2026-01-01T00:00:00Z"), PARIS)).isEmpty();
    }

    @Test
    void cron_springForwardGap_isSkipped() {
        // Paris skips 02:00–03:00 on Sunday 2026-03-29: a daily 02:30 does not run that day.
        Instant next = next("cron(30 2 * * ? *)", "2026-03-28T02:00:00Z", PARIS);
        assertThat(next).isEqualTo(ZonedDateTime.of(2026, 3, 30, 2, 30, 0, 0, PARIS).toInstant());
    }

    @Test
    void cron_fallBackOverlap_runsOnceAtTheFirstOccurrence() {
        // Paris repeats 02:00–03:00 on Sunday 2026-10-25: 02:30 CEST (00:30Z) runs, 02:30 CET (01:30Z) does not.
        Instant first = next("cron(30 2 * * ? *)", "2026-10-24T12:00:00Z", PARIS);
        assertThat(first).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(next("cron(30 2 * * ? *)", first.toString(), PARIS)).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void cron_keepsLocalTimeAcrossDst() {
        assertThat(next("cron(0 18 ? * SAT *)", "2026-10-20T00:00:00Z", PARIS)).isEqualTo(Instant.parse("2026-10-24T16:00:00Z"));
        assertThat(next("cron(0 18 ? * SAT *)", "2026-10-25T00:00:00Z", PARIS)).isEqualTo(Instant.parse("2026-10-31T17:00:00Z"));
    }

    @Test
    void rate_countsFromThePreviousFiring() {
        ScheduleExpression rate = ScheduleExpression.parse("rate(5 minutes)");
        assertThat(rate.repeats()).isTrue();
        assertThat(rate.nextAfter(Instant.parse("2026-11-24T10:00:00Z"), PARIS)).contains(Instant.parse("2026-11-24T10:05:00Z"));
        assertThat(((ScheduleExpression.Rate) ScheduleExpression.parse("rate(1 day)")).period()).isEqualTo(Duration.ofDays(1));
        assertThat(((ScheduleExpression.Rate) ScheduleExpression.parse("rate(2 hours)")).period()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void at_isLocalToTheZone_andFiresOnce() {
        ScheduleExpression at = ScheduleExpression.parse("at(2026-12-01T18:55:00)");
        assertThat(at.repeats()).isFalse();
        assertThat(at.text()).isEqualTo("at(2026-12-01T18:55:00)");
        assertThat(at.nextAfter(Instant.parse("2026-11-24T00:00:00Z"), PARIS)).contains(Instant.parse("2026-12-01T17:55:00Z"));
        assertThat(at.nextAfter(Instant.parse("2026-12-01T17:55:00Z"), PARIS)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                         | Expression is required",
            "every sunday               | Unknown expression",
            "at(2026-12-01 18:55)       | like at(2026-12-01T18:55:00)",
            "at(2026-02-30T10:00:00)    | not a real date",
            "rate(0 minutes)            | at least 1",
            "rate(1 minutes)            | rate(1 minute)",
            "rate(5 minute)             | rate(5 minutes)",
            "rate(5 weeks)              | minutes, hours or days",
            "rate(five minutes)         | whole number and a unit",
            "cron(55 18 * * SUN)        | six fields",
            "cron(55 18 * * SUN *)      | exactly one of day-of-month",
            "cron(55 18 ? * ? *)        | exactly one of day-of-month",
            "cron(0 18 L * ? *)         | L, W or #",
            "cron(0 18 ? * 6#3 *)       | L, W or #",
            "cron(0 18 15W * ? *)       | L, W or #",
            "cron(60 18 ? * SUN *)      | minutes value 60 is outside 0-59",
            "cron(0 24 ? * SUN *)       | hours value 24 is outside 0-23",
            "cron(0 18 ? * FUNDAY *)    | day-of-week value 'FUNDAY' is not a number or a name like SUN",
            "cron(0 18 ? 13 SUN *)      | month value 13 is outside 1-12",
            "cron(0 18 ? * SUN 1969)    | year value 1969 is outside 1970-2199",
            "cron(0 18-9 ? * SUN *)     | runs backwards",
            "cron(0 ? ? * SUN *)        | only in day-of-month or day-of-week",
    })
    void parse_badExpression_refusedWithAPreciseMessage(String expression, String message) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("expression"));
    }

    @Test
    void zone_ianaNamesOnly() {
        assertThat(ScheduleExpression.zone("Europe/Paris")).isEqualTo(PARIS);
        assertThat(ScheduleExpression.zone(null)).isEqualTo(ZoneId.of("UTC"));
        assertThatThrownBy(() -> ScheduleExpression.zone("+02:00")).isInstanceOf(ValidationException.class).hasMessageContaining("IANA");
        assertThatThrownBy(() -> ScheduleExpression.zone("Europe/Pariss")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Unknown time zone 'Europe/Pariss'");
    }
}
