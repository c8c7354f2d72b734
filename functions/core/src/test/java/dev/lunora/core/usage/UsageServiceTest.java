package dev.lunora.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.InMemoryDestinationStore;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.ports.SessionHistory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsageServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final List<SessionHistory.Session> sessions = new ArrayList<>();
    private final InMemoryDestinationStore destinations = new InMemoryDestinationStore()
            .given(Destination.builder("dest_yt", Platform.YOUTUBE).name("YouTube").version(1).build());
    private final UsageService usage = new UsageService(new SessionHistory() {
        @Override
        public List<Session> overlapping(Instant from, Instant to) {
            return sessions.stream().filter(s -> s.start().isBefore(to) && (s.end() == null || s.end().isAfter(from))).toList();
        }

        @Override
        public Optional<Instant> openSince(String subject) {
            return Optional.empty();
        }
    }, destinations, Clock.fixed(NOW, ZoneOffset.UTC), 1.0, "test rate");

    private void session(String subject, String start, String end) {
        sessions.add(new SessionHistory.Session(subject, "ch", Instant.parse(start), end == null ? null : Instant.parse(end)));
    }

    @Test
    void report_ofOneChannel_countsOnlyThatChannelsSessions() {
        session("channel#ch", "2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z");
        session("dest_yt", "2026-11-20T10:00:00Z", "2026-11-20T10:30:00Z");
        sessions.add(new SessionHistory.Session("channel#srt", "srt", Instant.parse("2026-11-20T12:00:00Z"), Instant.parse("2026-11-20T14:00:00Z")));
        sessions.add(new SessionHistory.Session("dest_srt", "srt", Instant.parse("2026-11-20T12:00:00Z"), Instant.parse("2026-11-20T13:00:00Z")));

        UsageReport srt = usage.report("2026-11-20", "2026-11-20", "srt");
        UsageReport all = usage.report("2026-11-20", "2026-11-20", null);

        assertThat(srt.total().channelSeconds()).isEqualTo(7200);
        assertThat(srt.total().destinationSeconds()).containsOnlyKeys("dest_srt");
        assertThat(all.total().channelSeconds()).as("no channel: every channel, as before").isEqualTo(10800);
        assertThat(all.total().destinationSeconds()).containsOnlyKeys("dest_yt", "dest_srt");
    }

    @Test
    void report_sessionCrossingMidnight_isSplitBetweenTheTwoDays() {
        session("channel#ch", "2026-11-20T23:00:00Z", "2026-11-21T01:30:00Z");
        session("dest_yt", "2026-11-20T23:30:00Z", "2026-11-21T01:00:00Z");

        UsageReport r = usage.report("2026-11-20", "2026-11-21");

        assertThat(r.days()).extracting(UsageReport.Period::label).containsExactly("2026-11-20", "2026-11-21");
        assertThat(r.days().get(0).channelSeconds()).isEqualTo(3600);
        assertThat(r.days().get(1).channelSeconds()).isEqualTo(5400);
        assertThat(r.days().get(0).destinationSeconds()).containsEntry("dest_yt", 1800.0);
        assertThat(r.days().get(1).destinationSeconds()).containsEntry("dest_yt", 3600.0);
        assertThat(r.total().channelSeconds()).isEqualTo(9000);
        assertThat(r.total().estimatedCostUsd()).isCloseTo(2.5, within(1e-9));
        assertThat(r.destinations()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("YouTube");
            assertThat(d.seconds()).isEqualTo(5400);
        });
    }

    @Test
    void report_sessionsOutsideTheRange_areCutAtItsEdges() {
        session("channel#ch", "2026-10-31T22:00:00Z", "2026-11-01T02:00:00Z");
        session("channel#ch", "2026-11-02T23:00:00Z", "2026-11-03T01:00:00Z");

        UsageReport r = usage.report("2026-11-01", "2026-11-02");

        assertThat(r.total().channelSeconds()).isEqualTo(2 * 3600 + 3600);
        assertThat(r.months()).singleElement().satisfies(m -> {
            assertThat(m.label()).isEqualTo("2026-11");
            assertThat(m.channelSeconds()).isEqualTo(3 * 3600);
        });
    }

    @Test
    void report_openSession_countsUpToNow() {
        session("channel#ch", "2026-11-24T10:00:00Z", null);
        session("dest_gone", "2026-11-24T11:00:00Z", null);

        UsageReport r = usage.report(null, null);

        assertThat(r.from()).hasToString("2026-11-01");
        assertThat(r.to()).hasToString("2026-11-24");
        assertThat(r.days()).hasSize(24);
        assertThat(r.total().channelSeconds()).isEqualTo(7200);
        assertThat(r.destinations()).singleElement().satisfies(d -> {
            assertThat(d.destinationId()).isEqualTo("dest_gone");
            assertThat(d.name()).isNull();
            assertThat(d.seconds()).isEqualTo(3600);
        });
        assertThat(r.rateSource()).isEqualTo("test rate");
    }

    @Test
    void report_monthsAcrossAYearEnd_areSeparate() {
        session("channel#ch", "2026-12-31T23:00:00Z", "2027-01-01T01:00:00Z");
        UsageReport r = usage.report("2026-12-01", "2027-01-31");
        assertThat(r.months()).extracting(UsageReport.Period::label).containsExactly("2026-12", "2027-01");
        assertThat(r.months()).extracting(UsageReport.Period::channelSeconds).containsExactly(3600.0, 3600.0);
    }

    @Test
    void report_badDates_refusedWithTheField() {
        assertThatThrownBy(() -> usage.report("2026-11-31", null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("'from' must be a date like 2026-11-24");
        assertThatThrownBy(() -> usage.report("2026-11-10", "2026-11-01")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("is after");
        assertThatThrownBy(() -> usage.report("2024-01-01", "2026-01-01")).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("to"));
    }

    @Test
    void defaultRate_isTheCitedMediaLiveFigure() {
        assertThat(UsageService.DEFAULT_HOURLY_RATE_USD).isCloseTo(0.996, within(1e-9));
        assertThat(UsageService.DEFAULT_RATE_SOURCE).contains("$0.294/h", "$0.702/h", "https://");
    }
}
