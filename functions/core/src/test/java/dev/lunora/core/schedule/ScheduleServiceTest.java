package dev.lunora.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.DestinationService;
import dev.lunora.core.destination.InMemoryDestinationStore;
import dev.lunora.core.destination.InMemoryPresetStore;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.ports.ReconcileRequests;
import dev.lunora.core.ports.ScheduleStore;
import dev.lunora.core.ports.StreamKeyVault;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final InMemoryDestinationStore destinations = new InMemoryDestinationStore()
            .given(Destination.builder("dest_yt", Platform.YOUTUBE).name("YouTube").rtmpUrl("rtmp://a.rtmp.youtube.com/live2")
                    .streamKeyParam("/k/dest_yt").streamKeyHint("••••abcd").enabled(true).channelId("ch").version(1)
                    .desiredState(DesiredState.STOPPED).streamingStatus(StreamingStatus.READY).build())
            .given(Destination.builder("dest_nokey", Platform.YOUTUBE).name("No key").rtmpUrl("rtmp://a.rtmp.youtube.com/live2")
                    .enabled(true).channelId("ch").version(1).desiredState(DesiredState.STOPPED).streamingStatus(StreamingStatus.READY).build());
    private final Map<String, Schedule> stored = new LinkedHashMap<>();
    private final List<String> reconciles = new ArrayList<>();
    private final ScheduleService service = new ScheduleService(new ScheduleStore() {
        @Override
        public void create(Schedule s) {
            if (stored.putIfAbsent(s.name(), s) != null) {
                throw new ConflictException(ConflictException.Reason.SCHEDULE_EXISTS, "exists");
            }
        }

        @Override
        public List<Schedule> list() {
            return List.copyOf(stored.values());
        }

        @Override
        public Optional<Schedule> find(String name) {
            return Optional.ofNullable(stored.get(name));
        }

        @Override
        public void delete(String name) {
            if (stored.remove(name) == null) {
                throw new NotFoundException("No schedule named '" + name + "'.");
            }
        }
    }, destinations, new DestinationService(destinations, new InMemoryPresetStore(), new StreamKeyVault() {
        @Override
        public String store(String destinationId, String existingParameter, String streamKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String storeBackup(String destinationId, String existingParameter, String streamKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String parameterName) {
        }
    }, new ReconcileRequests() {
        @Override
        public boolean available() {
            return true;
        }

        @Override
        public String request(String channelId) {
            reconciles.add(channelId);
            return "reconcile-" + reconciles.size();
        }
    }, Clock.fixed(NOW, ZoneOffset.UTC), () -> "unused", "ch", null,
            dev.lunora.core.destination.AddressPolicy.standard(), dev.lunora.core.destination.TestFingerprints.FINGERPRINTS), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void create_valid_storesAReadableNamedSchedule() {
        Schedule s = service.create(new ScheduleService.Request("dest_yt", "START", " cron(55 18 ? * SUN *) ", "Europe/Paris"));
        assertThat(s.name()).matches("dest_yt-start-[0-9a-f]{8}");
        assertThat(s.expression()).isEqualTo("cron(55 18 ? * SUN *)");
        assertThat(s.description()).isEqualTo("Start 'YouTube' cron(55 18 ? * SUN *) Europe/Paris");
        assertThat(service.nextRun(s)).contains(Instant.parse("2026-11-29T17:55:00Z"));
        assertThat(service.list("dest_yt")).containsExactly(s);
        assertThat(service.list("dest_other")).isEmpty();
        assertThatThrownBy(() -> service.create(new ScheduleService.Request("dest_yt", "start", "cron(55 18 ? * SUN *)", "Europe/Paris")))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void create_invalid_refusedWithTheField() {
        assertThatThrownBy(() -> service.create(new ScheduleService.Request("dest_missing", "start", "rate(5 minutes)", "UTC")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("destination_id");
                    assertThat(e.getMessage()).contains("No destination with id 'dest_missing'");
                });
        assertThatThrownBy(() -> service.create(new ScheduleService.Request("dest_yt", "restart", "rate(5 minutes)", "UTC")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("action"));
        assertThatThrownBy(() -> service.create(new ScheduleService.Request("dest_yt", "start", "rate(5 minutes)", "Paris")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("time_zone"));
        assertThatCode(() -> service.create(new ScheduleService.Request("dest_yt", "start", "at(2026-11-24T12:30:00)", "America/New_York")))
                .as("12:30 in New York is still ahead").doesNotThrowAnyException();
        assertThatThrownBy(() -> service.create(new ScheduleService.Request("dest_yt", "start", "at(2026-11-24T12:30:00)", "Europe/Paris")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("is in the past in Europe/Paris"));
        assertThatThrownBy(() -> service.create(new ScheduleService.Request("dest_yt", "start", "cron(0 12 30 2 ? *)", "UTC")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("never fires"));
    }

    @Test
    void deleteAllOf_removesOnlyThatDestinationsSchedules() {
        service.create(new ScheduleService.Request("dest_yt", "start", "cron(55 18 ? * SUN *)", "Europe/Paris"));
        service.create(new ScheduleService.Request("dest_yt", "stop", "cron(0 21 ? * SUN *)", "Europe/Paris"));
        Schedule other = service.create(new ScheduleService.Request("dest_nokey", "start", "cron(0 9 ? * MON *)", "UTC"));

        assertThat(service.deleteAllOf("dest_yt")).isEqualTo(2);
        assertThat(service.list(null)).containsExactly(other);
        assertThat(service.deleteAllOf("dest_yt")).isZero();
    }

    @Test
    void fire_start_takesTheClickPath() {
        service.fire("dest_yt", "start", "dest_yt-start-x");
        assertThat(destinations.find("dest_yt").orElseThrow().desiredState()).isEqualTo(DesiredState.STREAMING);
        assertThat(reconciles).containsExactly("ch");
        service.fire("dest_yt", "stop", "dest_yt-stop-x");
        assertThat(destinations.find("dest_yt").orElseThrow().desiredState()).isEqualTo(DesiredState.STOPPED);
    }

    @Test
    void fire_refusedStart_isShownOnTheDestination_andAMissingOneIsIgnored() {
        service.fire("dest_nokey", "start", "dest_nokey-start-x");
        Destination d = destinations.find("dest_nokey").orElseThrow();
        assertThat(d.streamingStatus()).isEqualTo(StreamingStatus.ERROR);
        assertThat(d.lastError()).startsWith("The scheduled start did not happen:").contains("has no stream key");
        service.fire("dest_gone", "start", "dest_gone-start-x");
        assertThat(reconciles).isEmpty();
    }
}
