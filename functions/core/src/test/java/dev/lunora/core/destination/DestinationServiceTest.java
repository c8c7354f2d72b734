package dev.lunora.core.destination;

import dev.lunora.core.channel.ChannelView;
import dev.lunora.core.channel.ResolvedOutput;
import dev.lunora.core.ports.ChannelControl;
import java.util.List;

import static dev.lunora.core.destination.TestDestinations.CHANNEL;
import static dev.lunora.core.destination.TestDestinations.EARLIER;
import static dev.lunora.core.destination.TestDestinations.KEY;
import static dev.lunora.core.destination.TestDestinations.aCreateRequest;
import static dev.lunora.core.destination.TestDestinations.aYouTubeDestination;
import static dev.lunora.core.destination.TestDestinations.anEdit;
import static dev.lunora.core.destination.TestDestinations.anHlsDestination;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunora.core.exceptions.ConflictException;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.exceptions.ValidationException;
import dev.lunora.core.exceptions.WorkflowUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DestinationServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-24T21:00:00Z");
    private static final String DEFAULT_CHANNEL = "ch-default";

    private InMemoryDestinationStore store;
    private InMemoryStreamKeyVault vault;
    private RecordingReconcileRequests reconcile;
    private InMemoryPresetStore presets;

    @BeforeEach
    void setUp() {
        store = new InMemoryDestinationStore();
        vault = new InMemoryStreamKeyVault();
        reconcile = new RecordingReconcileRequests();
        presets = new InMemoryPresetStore(InMemoryPresetStore.preset("preset-1080p", false),
                InMemoryPresetStore.preset("preset-720p", true));
    }

    private DestinationService service() {
        AtomicInteger ids = new AtomicInteger();
        return new DestinationService(store, presets, vault, reconcile, Clock.fixed(NOW, ZoneOffset.UTC),
                () -> "dest-" + ids.incrementAndGet(), DEFAULT_CHANNEL, null, ADDRESSES, TestFingerprints.FINGERPRINTS);
    }

    /** No network in tests: one name resolves inside a private network, every other name is unknown (and accepted). */
    private static final AddressPolicy ADDRESSES = AddressPolicy.of(null, host -> {
        if (host.equals("rtmp.internal.example.com")) {
            return java.util.List.of(java.net.InetAddress.getByName("10.20.30.40"));
        }
        throw new java.net.UnknownHostException(host);
    });

    /** Stores the destination and, if it has one, its key, as an earlier request would have. */
    private Destination given(Destination.Builder builder) {
        Destination d = builder.build();
        store.given(d);
        if (d.hasStreamKey()) {
            vault.given(d.streamKeyParam(), KEY);
        }
        return d;
    }

    private Destination stored(String destinationId) {
        return store.find(destinationId).orElseThrow();
    }

    @Nested
    class Create {

        @Test
        void create_youtubeWithNameAndKeyOnly_defaultsFilledAndVersionOne() {
            Destination created = service().create(aCreateRequest().build());

            assertThat(created.destinationId()).isEqualTo("dest-1");
            assertThat(created.name()).isEqualTo("Main YouTube");
            assertThat(created.platform()).isEqualTo(Platform.YOUTUBE);
            assertThat(created.rtmpUrl()).isEqualTo("rtmp://a.rtmp.youtube.com/live2");
            assertThat(created.presetId()).isEqualTo("preset-720p");
            assertThat(created.enabled()).isTrue();
            assertThat(created.version()).isEqualTo(1);
            assertThat(created.desiredState()).isEqualTo(DesiredState.STOPPED);
            assertThat(created.streamingStatus()).isEqualTo(StreamingStatus.READY);
            assertThat(created.channelId()).isEqualTo(DEFAULT_CHANNEL);
            assertThat(created.createdAt()).isEqualTo(NOW);
            assertThat(created.updatedAt()).isEqualTo(NOW);
            assertThat(created.lastError()).isNull();
            assertThat(stored("dest-1")).isEqualTo(created);
        }

        @Test
        void create_longKey_storedUnderDestinationParameterWithTailHint() {
            Destination created = service().create(aCreateRequest().build());

            String param = InMemoryStreamKeyVault.parameterName("dest-1");
            assertThat(created.streamKeyParam()).isEqualTo(param);
            assertThat(created.streamKeyHint()).isEqualTo("••••mnop");
            assertThat(vault.stores()).containsExactly(param);
            assertThat(vault.holds(param, KEY)).isTrue();
            assertThat(created.toString()).doesNotContain(KEY);
        }

        @ParameterizedTest(name = "[{index}] hint {1}")
        @CsvSource({
                "k3y9,                 ••••",
                "abcdefghijk,          ••••",
                "abcdefghijkl,         ••••ijkl",
                "live_0123456789wxyz,  ••••wxyz"})
        void create_keyOfLength_hintRevealsTailOnlyFromTwelveCharacters(String key, String hint) {
            Destination created = service().create(aCreateRequest().streamKey(key).build());

            assertThat(created.streamKeyHint()).isEqualTo(hint);
            assertThat(vault.holds(created.streamKeyParam(), key)).isTrue();
        }

        @Test
        void create_emptyKey_noKeyStored() {
            Destination created = service().create(aCreateRequest().streamKey("").build());

            assertThat(created.hasStreamKey()).isFalse();
            assertThat(created.streamKeyHint()).isNull();
            assertThat(vault.stores()).isEmpty();
        }

        @Test
        void create_givenUrlPresetAndDisabled_kept() {
            Destination created = service().create(aCreateRequest().platform("Custom")
                    .rtmpUrl(" rtmp://live.example.com/app ").presetId(" preset-1080p ").enabled(false).build());

            assertThat(created.platform()).isEqualTo(Platform.CUSTOM);
            assertThat(created.rtmpUrl()).isEqualTo("rtmp://live.example.com/app");
            assertThat(created.presetId()).isEqualTo("preset-1080p");
            assertThat(created.enabled()).isFalse();
        }

        @Test
        void create_hlsWithoutUrlOrKey_createdWithNeither() {
            Destination created = service().create(aCreateRequest().platform("hls").streamKey(null).build());

            assertThat(created.platform()).isEqualTo(Platform.HLS);
            assertThat(created.rtmpUrl()).isNull();
            assertThat(created.hasStreamKey()).isFalse();
            assertThat(vault.stores()).isEmpty();
        }

        @Test
        void create_unknownPreset_validationOnPresetIdAndNothingStored() {
            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> service().create(aCreateRequest().presetId("preset-4k").build()));

            assertThat(e.field()).isEqualTo("preset_id");
            assertThat(e.getMessage()).isEqualTo("Unknown preset 'preset-4k'. Choose one of the presets listed by GET /api/presets.");
            assertThat(store.list()).isEmpty();
            assertThat(vault.stores()).isEmpty();
        }

        @Test
        void create_hlsWithKey_validationOnStreamKeyAndNothingStored() {
            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> service().create(aCreateRequest().platform("hls").build()));

            assertThat(e.field()).isEqualTo("stream_key");
            assertThat(e.getMessage()).doesNotContain(KEY);
            assertThat(store.list()).isEmpty();
            assertThat(vault.stores()).isEmpty();
        }

        @Test
        void create_badUrlWithKey_keyNeverReachesVault() {
            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> service().create(aCreateRequest().rtmpUrl("http://a.rtmp.youtube.com/live2").build()));

            assertThat(e.field()).isEqualTo("rtmp_url");
            assertThat(vault.stores()).isEmpty();
            assertThat(store.list()).isEmpty();
        }

        @Test
        void create_noDefaultPreset_presetLeftEmpty() {
            presets = new InMemoryPresetStore(InMemoryPresetStore.preset("preset-1080p", false));

            assertThat(service().create(aCreateRequest().build()).presetId()).isNull();
        }
    }

    @Nested
    class Update {

        @Test
        void update_nameOnly_restKeptAndVersionIncremented() {
            Destination before = given(aYouTubeDestination("d-1"));

            Destination updated = service().update("d-1", anEdit().name("  Backup YouTube ").build());

            assertThat(updated).isEqualTo(before.toBuilder().name("Backup YouTube").version(4).updatedAt(NOW).build());
            assertThat(stored("d-1")).isEqualTo(updated);
            assertThat(vault.stores()).isEmpty();
            assertThat(vault.deletes()).isEmpty();
        }

        @Test
        void update_matchingExpectedVersion_applied() {
            given(aYouTubeDestination("d-1"));

            Destination updated = service().update("d-1", anEdit().enabled(false).expectedVersion(3L).build());

            assertThat(updated.enabled()).isFalse();
            assertThat(stored("d-1").version()).isEqualTo(4);
        }

        @Test
        void update_staleExpectedVersion_versionConflictAndNothingStored() {
            Destination before = given(aYouTubeDestination("d-1"));

            ConflictException e = catchThrowableOfType(ConflictException.class, () -> service().update("d-1",
                    anEdit().name("Other").streamKey("new-key-0000-1111").expectedVersion(2L).build()));

            assertThat(e.reason()).isEqualTo(ConflictException.Reason.VERSION_CONFLICT);
            assertThat(e.getMessage()).isEqualTo("Destination 'd-1' was changed by someone else since you loaded it."
                    + " Reload it and apply your change again.");
            assertThat(stored("d-1")).isEqualTo(before);
            assertThat(store.writes()).isZero();
            assertThat(vault.stores()).isEmpty();
            assertThat(vault.holds(before.streamKeyParam(), KEY)).isTrue();
        }

        static Stream<Arguments> liveStates() {
            return Stream.of(
                    Arguments.of(DesiredState.STREAMING, StreamingStatus.STARTING),
                    Arguments.of(DesiredState.STREAMING, StreamingStatus.STREAMING),
                    Arguments.of(DesiredState.STOPPED, StreamingStatus.STOPPING),
                    Arguments.of(DesiredState.STREAMING, StreamingStatus.ERROR));
        }

        @ParameterizedTest
        @MethodSource("liveStates")
        void update_platformChangeWhileLive_refusedDestinationStreaming(DesiredState desired, StreamingStatus status) {
            Destination before = given(aYouTubeDestination("d-1").desiredState(desired).streamingStatus(status));

            ConflictException e = catchThrowableOfType(ConflictException.class,
                    () -> service().update("d-1", anEdit().platform("twitch").build()));

            assertThat(e.reason()).isEqualTo(ConflictException.Reason.DESTINATION_STREAMING);
            assertThat(e.getMessage()).isEqualTo("Stop 'Main YouTube' before changing its platform.");
            assertThat(stored("d-1")).isEqualTo(before);
        }

        @Test
        void update_sameUrlAndNameWhileLive_applied() {
            Destination before = given(aYouTubeDestination("d-1").desiredState(DesiredState.STREAMING).streamingStatus(StreamingStatus.STREAMING));

            Destination updated = service().update("d-1", anEdit().rtmpUrl(before.rtmpUrl()).name("Renamed live").build());

            assertThat(updated.name()).isEqualTo("Renamed live");
            assertThat(updated.rtmpUrl()).isEqualTo(before.rtmpUrl());
        }

        @Test
        void update_samePlatformOtherCaseWhileLive_notAPlatformChange() {
            given(aYouTubeDestination("d-1").desiredState(DesiredState.STREAMING).streamingStatus(StreamingStatus.STREAMING));

            Destination updated = service().update("d-1", anEdit().platform("YouTube").name("Renamed").build());

            assertThat(updated.platform()).isEqualTo(Platform.YOUTUBE);
            assertThat(updated.name()).isEqualTo("Renamed");
        }

        @Test
        void update_switchToHls_keyDeletedAndUrlDropped() {
            Destination before = given(aYouTubeDestination("d-1"));

            Destination updated = service().update("d-1", anEdit().platform("hls").build());

            assertThat(updated.platform()).isEqualTo(Platform.HLS);
            assertThat(updated.rtmpUrl()).isNull();
            assertThat(updated.streamKeyParam()).isNull();
            assertThat(updated.streamKeyHint()).isNull();
            assertThat(vault.deletes()).containsExactly(before.streamKeyParam());
            assertThat(vault.isStored(before.streamKeyParam())).isFalse();
            assertThat(stored("d-1")).isEqualTo(updated);
        }

        @Test
        void update_switchToHlsWithKey_refusedAndOldKeyKept() {
            Destination before = given(aYouTubeDestination("d-1"));

            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> service().update("d-1", anEdit().platform("hls").streamKey("another-key-9999").build()));

            assertThat(e.field()).isEqualTo("stream_key");
            assertThat(vault.deletes()).isEmpty();
            assertThat(vault.isStored(before.streamKeyParam())).isTrue();
            assertThat(stored("d-1")).isEqualTo(before);
        }

        @Test
        void update_switchToHlsWhileAnotherEditSaves_conflictAndKeyKept() {
            Destination before = given(aYouTubeDestination("d-1"));
            store.concurrentEditBeforeNextWrite(b -> b.name("Renamed by someone else"));

            ConflictException e = catchThrowableOfType(ConflictException.class,
                    () -> service().update("d-1", anEdit().platform("hls").build()));

            assertThat(e.reason()).isEqualTo(ConflictException.Reason.VERSION_CONFLICT);
            // The winner's destination still streams to YouTube with this key; it must still be there.
            assertThat(stored("d-1").streamKeyParam()).isEqualTo(before.streamKeyParam());
            assertThat(vault.isStored(before.streamKeyParam())).isTrue();
            assertThat(vault.deletes()).isEmpty();
        }

        @Test
        void update_newKey_overwritesSameParameterAndHint() {
            // The old system named parameters its own way; Lunora keeps the name so both read the same key.
            String oldSystemParam = "/lunora-player/streaming/destinations/d-1/stream_key";
            given(aYouTubeDestination("d-1").streamKeyParam(oldSystemParam));

            Destination updated = service().update("d-1", anEdit().streamKey("zzzz-yyyy-xxxx-wxyz").build());

            assertThat(updated.streamKeyParam()).isEqualTo(oldSystemParam);
            assertThat(updated.streamKeyHint()).isEqualTo("••••wxyz");
            assertThat(vault.stores()).containsExactly(oldSystemParam);
            assertThat(vault.names()).containsExactly(oldSystemParam);
            assertThat(vault.holds(oldSystemParam, "zzzz-yyyy-xxxx-wxyz")).isTrue();
            assertThat(updated.version()).isEqualTo(4);
        }

        @Test
        void update_newKeyOnLiveDestination_fingerprintChangesAndReconcileRequested() {
            given(aYouTubeDestination("d-1").desiredState(DesiredState.STREAMING).streamingStatus(StreamingStatus.STREAMING)
                    .streamKeyFingerprint(TestFingerprints.FINGERPRINTS.of("d-1", KEY)));

            Destination updated = service().update("d-1", anEdit().streamKey("zzzz-yyyy-xxxx-wxyz").build());

            assertThat(updated.streamKeyFingerprint()).isEqualTo(TestFingerprints.FINGERPRINTS.of("d-1", "zzzz-yyyy-xxxx-wxyz"))
                    .isNotEqualTo(TestFingerprints.FINGERPRINTS.of("d-1", KEY)).doesNotContain("wxyz");
            assertThat(stored("d-1").streamKeyFingerprint()).isEqualTo(updated.streamKeyFingerprint());
            assertThat(reconcile.requestedChannels()).as("the fix reaches the platform now, not at the next reconcile")
                    .containsExactly(CHANNEL);
        }

        @Test
        void update_urlOfLiveDestination_reconcileRequested_nameOnlyOrStoppedDestination_not() {
            given(aYouTubeDestination("live").desiredState(DesiredState.STREAMING).streamingStatus(StreamingStatus.STREAMING));
            given(aYouTubeDestination("idle"));

            service().update("live", anEdit().name("Renamed").build());
            service().update("idle", anEdit().rtmpUrl("rtmp://b.rtmp.youtube.com/live2").build());
            assertThat(reconcile.requestedChannels()).as("nothing the channel pushes changed").isEmpty();

            service().update("live", anEdit().rtmpUrl("rtmp://b.rtmp.youtube.com/live2").build());
            assertThat(reconcile.requestedChannels()).containsExactly(CHANNEL);
        }

        @Test
        void update_liveDestinationWhileWorkflowUnreachable_editStillSaved() {
            reconcile.unreachable();
            given(aYouTubeDestination("d-1").desiredState(DesiredState.STREAMING).streamingStatus(StreamingStatus.STREAMING));

            Destination updated = service().update("d-1", anEdit().presetId("preset-1080p").build());

            assertThat(stored("d-1").presetId()).isEqualTo("preset-1080p");
            assertThat(updated.version()).isEqualTo(4);
        }

        @Test
        void update_firstKeyOnDestinationWithout_storedUnderLunoraName() {
            given(aYouTubeDestination("d-1").streamKeyParam(null).streamKeyHint(null));

            Destination updated = service().update("d-1", anEdit().streamKey(KEY).build());

            assertThat(updated.streamKeyParam()).isEqualTo(InMemoryStreamKeyVault.parameterName("d-1"));
            assertThat(updated.streamKeyHint()).isEqualTo("••••mnop");
        }

        @Test
        void update_youtubeToTwitchWithoutUrl_twitchDefaultUrl() {
            given(aYouTubeDestination("d-1"));

            Destination updated = service().update("d-1", anEdit().platform("twitch").build());

            assertThat(updated.platform()).isEqualTo(Platform.TWITCH);
            assertThat(updated.rtmpUrl()).isEqualTo("rtmp://live.twitch.tv/app");
            assertThat(updated.streamKeyParam()).isEqualTo(InMemoryStreamKeyVault.parameterName("d-1"));
        }

        @Test
        void update_youtubeToCustomWithoutUrl_keepsCurrentUrl() {
            given(aYouTubeDestination("d-1").rtmpUrl("rtmp://b.rtmp.youtube.com/live2"));

            Destination updated = service().update("d-1", anEdit().platform("custom").build());

            assertThat(updated.rtmpUrl()).isEqualTo("rtmp://b.rtmp.youtube.com/live2");
        }

        @Test
        void update_unknownPreset_validationAndNothingStored() {
            Destination before = given(aYouTubeDestination("d-1"));

            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> service().update("d-1", anEdit().presetId("preset-4k").streamKey("new-key-0000-1111").build()));

            assertThat(e.field()).isEqualTo("preset_id");
            assertThat(stored("d-1")).isEqualTo(before);
            assertThat(vault.stores()).isEmpty();
        }

        @Test
        void update_oldItemVersionZeroWithoutExpectedVersion_becomesVersionOne() {
            given(aYouTubeDestination("d-1").version(0).streamKeyHint(null));

            Destination updated = service().update("d-1", anEdit().name("Adopted").build());

            assertThat(updated.version()).isEqualTo(1);
            assertThat(stored("d-1").name()).isEqualTo("Adopted");
        }

        @Test
        void update_missingDestination_notFound() {
            NotFoundException e = catchThrowableOfType(NotFoundException.class,
                    () -> service().update("nope", anEdit().name("x").build()));

            assertThat(e.getMessage()).isEqualTo("No destination with id 'nope'. It may have been deleted; reload the list.");
        }
    }

    @Nested
    class Delete {

        @Test
        void delete_stopped_removedWithItsKey() {
            Destination before = given(aYouTubeDestination("d-1"));

            service().delete("d-1", 3L);

            assertThat(store.find("d-1")).isEmpty();
            assertThat(vault.deletes()).containsExactly(before.streamKeyParam());
            assertThat(vault.isStored(before.streamKeyParam())).isFalse();
        }

        @Test
        void delete_withoutExpectedVersion_removed() {
            given(aYouTubeDestination("d-1"));

            service().delete("d-1", null);

            assertThat(store.find("d-1")).isEmpty();
        }

        @Test
        void delete_hlsWithoutKey_vaultUntouched() {
            given(anHlsDestination("d-2"));

            service().delete("d-2", null);

            assertThat(store.find("d-2")).isEmpty();
            assertThat(vault.deletes()).isEmpty();
        }

        @ParameterizedTest
        @MethodSource("dev.lunora.core.destination.DestinationServiceTest$Update#liveStates")
        void delete_live_refusedDestinationStreamingAndKeyKept(DesiredState desired, StreamingStatus status) {
            Destination before = given(aYouTubeDestination("d-1").desiredState(desired).streamingStatus(status));

            ConflictException e = catchThrowableOfType(ConflictException.class, () -> service().delete("d-1", 3L));

            assertThat(e.reason()).isEqualTo(ConflictException.Reason.DESTINATION_STREAMING);
            assertThat(e.getMessage()).isEqualTo("'Main YouTube' is " + status.id() + ". Stop it first, then delete it.");
            assertThat(stored("d-1")).isEqualTo(before);
            assertThat(vault.deletes()).isEmpty();
        }

        @Test
        void delete_staleVersion_refusedVersionConflict() {
            Destination before = given(aYouTubeDestination("d-1"));

            ConflictException e = catchThrowableOfType(ConflictException.class, () -> service().delete("d-1", 2L));

            assertThat(e.reason()).isEqualTo(ConflictException.Reason.VERSION_CONFLICT);
            assertThat(stored("d-1")).isEqualTo(before);
            assertThat(vault.deletes()).isEmpty();
        }

        @Test
        void delete_whileAnotherEditSaves_conflictAndKeyKept() {
            Destination before = given(aYouTubeDestination("d-1"));
            store.concurrentEditBeforeNextWrite(b -> b.name("Renamed by someone else"));

            ConflictException e = catchThrowableOfType(ConflictException.class, () -> service().delete("d-1", null));

            assertThat(e.reason()).isEqualTo(ConflictException.Reason.VERSION_CONFLICT);
            assertThat(stored("d-1").name()).isEqualTo("Renamed by someone else");
            assertThat(vault.isStored(before.streamKeyParam())).isTrue();
        }

        @Test
        void delete_missing_notFound() {
            assertThat(catchThrowableOfType(NotFoundException.class, () -> service().delete("nope", null))).isNotNull();
        }
    }

    @Nested
    class StartStop {

        @Test
        void start_workflowNotConfigured_refusedAndNothingChanged() {
            reconcile.notConfigured();
            Destination before = given(aYouTubeDestination("d-1"));

            WorkflowUnavailableException e = catchThrowableOfType(WorkflowUnavailableException.class,
                    () -> service().start("d-1"));

            assertThat(e.getMessage()).isEqualTo("The workflow engine is not configured, so 'Main YouTube' cannot be started."
                    + " Nothing was changed.");
            assertThat(stored("d-1")).isEqualTo(before);
            assertThat(store.writes()).isZero();
        }

        @Test
        void stop_workflowNotConfigured_refusedAndNothingChanged() {
            reconcile.notConfigured();
            Destination before = given(aYouTubeDestination("d-1").desiredState(DesiredState.STREAMING)
                    .streamingStatus(StreamingStatus.STREAMING));

            WorkflowUnavailableException e = catchThrowableOfType(WorkflowUnavailableException.class,
                    () -> service().stop("d-1"));

            assertThat(e.getMessage()).endsWith("cannot be stopped. Nothing was changed.");
            assertThat(stored("d-1")).isEqualTo(before);
        }

        @Test
        void start_workflowUnreachable_refusedAndStoredDestinationUnchanged() {
            reconcile.unreachable();
            Destination before = given(aYouTubeDestination("d-1").lastError("Output failed: RTMP connect timeout"));

            WorkflowUnavailableException e = catchThrowableOfType(WorkflowUnavailableException.class,
                    () -> service().start("d-1"));

            assertThat(e).isNotNull();
            assertRestored(before);
            assertThat(reconcile.requestedChannels()).isEmpty();
        }

        @Test
        void stop_workflowUnreachable_refusedAndStoredDestinationUnchanged() {
            reconcile.unreachable();
            Destination before = given(aYouTubeDestination("d-1").desiredState(DesiredState.STREAMING)
                    .streamingStatus(StreamingStatus.STREAMING));

            assertThat(catchThrowableOfType(WorkflowUnavailableException.class, () -> service().stop("d-1"))).isNotNull();
            assertRestored(before);
        }

        /** Everything the producer sees is back as it was; the version only moves forward, so no editor is fooled. */
        private void assertRestored(Destination before) {
            Destination after = stored("d-1");
            assertThat(after).usingRecursiveComparison().ignoringFields("version", "updatedAt").isEqualTo(before);
            assertThat(after.version()).isGreaterThan(before.version());
        }

        @Test
        void start_disabled_refusedDestinationDisabled() {
            Destination before = given(aYouTubeDestination("d-1").enabled(false));

            ConflictException e = catchThrowableOfType(ConflictException.class, () -> service().start("d-1"));

            assertThat(e.reason()).isEqualTo(ConflictException.Reason.DESTINATION_DISABLED);
            assertThat(e.getMessage()).isEqualTo("'Main YouTube' is disabled. Enable it, then start it.");
            assertThat(stored("d-1")).isEqualTo(before);
            assertThat(reconcile.requestedChannels()).isEmpty();
        }

        @Test
        void start_youtubeWithoutKey_validationOnStreamKey() {
            Destination before = given(aYouTubeDestination("d-1").streamKeyParam(null).streamKeyHint(null));

            ValidationException e = catchThrowableOfType(ValidationException.class, () -> service().start("d-1"));

            assertThat(e.field()).isEqualTo("stream_key");
            assertThat(e.getMessage()).isEqualTo("'Main YouTube' has no stream key. Add the key from the platform's stream"
                    + " settings, then start it.");
            assertThat(stored("d-1")).isEqualTo(before);
            assertThat(reconcile.requestedChannels()).isEmpty();
        }

        @Test
        void start_hlsWithoutKey_started() {
            given(anHlsDestination("d-2"));

            Destination started = service().start("d-2");

            assertThat(started.desiredState()).isEqualTo(DesiredState.STREAMING);
            assertThat(reconcile.requestedChannels()).containsExactly(CHANNEL);
        }

        @Test
        void start_stopped_desiredStreamingStartingRecordedAndOneReconcileForChannel() {
            Destination before = given(aYouTubeDestination("d-1").streamingStatus(StreamingStatus.ERROR)
                    .lastError("Output failed: RTMP connect timeout"));

            Destination started = service().start("d-1");

            assertThat(started).isEqualTo(before.toBuilder().desiredState(DesiredState.STREAMING)
                    .streamingStatus(StreamingStatus.STARTING).lastError(null).version(4).updatedAt(NOW).build());
            assertThat(stored("d-1")).isEqualTo(started);
            assertThat(reconcile.requestedChannels()).containsExactly(CHANNEL);
        }

        @Test
        void start_alreadyStreaming_statusStaysStreaming() {
            given(aYouTubeDestination("d-1").desiredState(DesiredState.STREAMING).streamingStatus(StreamingStatus.STREAMING));

            Destination started = service().start("d-1");

            assertThat(started.streamingStatus()).isEqualTo(StreamingStatus.STREAMING);
            assertThat(started.version()).isEqualTo(4);
            assertThat(reconcile.requestedChannels()).containsExactly(CHANNEL);
        }

        @Test
        void start_noChannelYet_defaultChannelRecordedAndReconciled() {
            given(aYouTubeDestination("d-1").channelId(null).version(0));

            Destination started = service().start("d-1");

            assertThat(started.channelId()).isEqualTo(DEFAULT_CHANNEL);
            assertThat(stored("d-1").channelId()).isEqualTo(DEFAULT_CHANNEL);
            assertThat(stored("d-1").version()).isEqualTo(1);
            assertThat(reconcile.requestedChannels()).containsExactly(DEFAULT_CHANNEL);
        }

        @Test
        void stop_streaming_desiredStoppedStoppingRecordedAndOneReconcileForChannel() {
            given(aYouTubeDestination("d-1").desiredState(DesiredState.STREAMING).streamingStatus(StreamingStatus.STREAMING)
                    .streamingStartedAt(EARLIER));

            Destination stopped = service().stop("d-1");

            assertThat(stopped.desiredState()).isEqualTo(DesiredState.STOPPED);
            assertThat(stopped.streamingStatus()).isEqualTo(StreamingStatus.STOPPING);
            assertThat(stopped.version()).isEqualTo(4);
            assertThat(stopped.updatedAt()).isEqualTo(NOW);
            assertThat(stored("d-1")).isEqualTo(stopped);
            assertThat(reconcile.requestedChannels()).containsExactly(CHANNEL);
        }

        @Test
        void stop_disabledAndReady_allowedAndStaysReady() {
            given(aYouTubeDestination("d-1").enabled(false));

            Destination stopped = service().stop("d-1");

            assertThat(stopped.streamingStatus()).isEqualTo(StreamingStatus.READY);
            assertThat(stopped.desiredState()).isEqualTo(DesiredState.STOPPED);
            assertThat(reconcile.requestedChannels()).containsExactly(CHANNEL);
        }

        @Test
        void start_whileAnotherEditDisablesIt_refusedOnTheFreshReadAndNoReconcile() {
            given(aYouTubeDestination("d-1"));
            store.concurrentEditBeforeNextWrite(b -> b.enabled(false));

            ConflictException e = catchThrowableOfType(ConflictException.class, () -> service().start("d-1"));

            assertThat(e.reason()).isEqualTo(ConflictException.Reason.DESTINATION_DISABLED);
            assertThat(stored("d-1").desiredState()).isEqualTo(DesiredState.STOPPED);
            assertThat(reconcile.requestedChannels()).isEmpty();
        }

        @Test
        void start_whileReconcileMarksItFailed_clickStillRecordedAndReconcileRequested() {
            given(aYouTubeDestination("d-1").desiredState(DesiredState.STREAMING));
            store.concurrentEditBeforeNextWrite(b -> b.desiredState(DesiredState.STOPPED).streamingStatus(StreamingStatus.ERROR));

            Destination started = service().start("d-1");

            assertThat(started.desiredState()).isEqualTo(DesiredState.STREAMING);
            assertThat(stored("d-1").desiredState()).isEqualTo(DesiredState.STREAMING);
            assertThat(reconcile.requestedChannels()).containsExactly(CHANNEL);
        }

        @Test
        void start_workflowUnreachableAndSomeoneSavesBeforeUndo_workflowErrorAndTheirEditKept() {
            given(aYouTubeDestination("d-1"));
            reconcile.unreachable().onRequest(() -> store.concurrentEditBeforeNextWrite(b -> b.name("Renamed by someone else")));

            WorkflowUnavailableException e = catchThrowableOfType(WorkflowUnavailableException.class,
                    () -> service().start("d-1"));

            assertThat(e.getSuppressed()).singleElement().isInstanceOf(ConflictException.class);
            assertThat(stored("d-1").name()).isEqualTo("Renamed by someone else");
            assertThat(stored("d-1").version()).isEqualTo(5);
        }

        @Test
        void start_missing_notFoundAndNoReconcile() {
            assertThat(catchThrowableOfType(NotFoundException.class, () -> service().start("nope"))).isNotNull();
            assertThat(reconcile.requestedChannels()).isEmpty();
        }
    }

    @Nested
    class Reading {

        @Test
        void list_mixedCreationTimes_oldestFirstThenByIdWithUnknownTimesFirst() {
            given(aYouTubeDestination("d-b").createdAt(Instant.parse("2026-11-02T00:00:00Z")));
            given(aYouTubeDestination("d-c").createdAt(EARLIER));
            given(aYouTubeDestination("d-a").createdAt(EARLIER));
            given(aYouTubeDestination("d-old").createdAt(null));

            assertThat(service().list()).extracting(Destination::destinationId).containsExactly("d-old", "d-a", "d-c", "d-b");
        }

        @Test
        void presets_listed_asTheStoreGivesThem() {
            assertThat(service().presets()).extracting(p -> p.presetId()).containsExactly("preset-1080p", "preset-720p");
        }
    }

    @Nested
    class Changes {

        @Test
        void toString_longKey_showsOnlyHint() {
            String printed = aCreateRequest().build().toString();

            assertThat(printed).doesNotContain(KEY).doesNotContain("abcd").contains("streamKey=••••mnop");
        }

        @Test
        void toString_shortKey_showsOpaqueHint() {
            String printed = anEdit().streamKey("k3y9x").build().toString();

            assertThat(printed).doesNotContain("k3y9").contains("streamKey=••••,");
        }

        @Test
        void toString_noKey_showsNullAndOtherMembers() {
            String printed = anEdit().name("Main").expectedVersion(7L).build().toString();

            assertThat(printed).isEqualTo("DestinationChanges[name=Main, platform=null, rtmpUrl=null, streamKey=null,"
                    + " presetId=null, enabled=null, expectedVersion=7, backupRtmpUrl=null, backupStreamKey=null, channelId=null]");
        }
    }

    /** Issue 14 item 1: a STANDARD channel's second pipeline gets an ingest of its own. */
    @Nested
    class BackupIngests {

        private static final String YT_BACKUP = "rtmp://b.rtmp.youtube.com/live2?backup=1";

        /** A channel of {@code pipelines}; throws {@code unavailable} instead when given. */
        private DestinationService serviceOnChannelOf(int pipelines, RuntimeException unavailable) {
            AtomicInteger ids = new AtomicInteger();
            ChannelControl channels = new ChannelControl() {
                @Override
                public ChannelView describe(String channelId) {
                    if (unavailable != null) {
                        throw unavailable;
                    }
                    return new ChannelView(channelId, dev.lunora.core.channel.ChannelState.IDLE, pipelines, List.of(), true);
                }

                @Override
                public void start(String channelId) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void stop(String channelId) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void applyOutputs(String channelId, List<ResolvedOutput> outputs, List<dev.lunora.core.preset.Preset> p) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public List<dev.lunora.core.alert.ChannelAlert> alerts(String channelId) {
                    return List.of();
                }

                @Override
                public java.util.Optional<dev.lunora.core.channel.Thumbnail> thumbnail(String channelId) {
                    return java.util.Optional.empty();
                }
            };
            return new DestinationService(store, presets, vault, reconcile, Clock.fixed(NOW, ZoneOffset.UTC),
                    () -> "dest-" + ids.incrementAndGet(), DEFAULT_CHANNEL, channels, ADDRESSES, TestFingerprints.FINGERPRINTS);
        }

        @Test
        void create_backupUrlOnly_keptWithoutAKeyOfItsOwn() {
            Destination created = service().create(aCreateRequest().backupRtmpUrl(YT_BACKUP).build());

            assertThat(created.backup()).isEqualTo(new BackupIngest(YT_BACKUP, null, null, null));
            assertThat(vault.names()).containsExactly(InMemoryStreamKeyVault.parameterName("dest-1"));
        }

        @Test
        void create_backupWithOwnKey_storedBesideThePrimaryWithHintAndFingerprint() {
            String backupKey = "backup-key-9876-wxyz";
            Destination created = service().create(aCreateRequest().backupRtmpUrl("rtmp://backup.example.com/live")
                    .backupStreamKey(backupKey).build());

            String param = InMemoryStreamKeyVault.backupParameterName("dest-1");
            assertThat(created.backup()).isEqualTo(new BackupIngest("rtmp://backup.example.com/live", param, "••••wxyz",
                    TestFingerprints.FINGERPRINTS.of("dest-1", backupKey)));
            assertThat(vault.holds(param, backupKey)).isTrue();
            assertThat(created.backup().toString()).doesNotContain(backupKey);
        }

        @Test
        void create_backupKeyWithoutUrl_validationOnBackupStreamKeyAndNothingStored() {
            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> service().create(aCreateRequest().backupStreamKey("backup-key-9876-wxyz").build()));

            assertThat(e.field()).isEqualTo("backup_stream_key");
            assertThat(vault.names()).isEmpty();
            assertThat(store.list()).isEmpty();
        }

        @Test
        void create_backupUrlNotRtmp_validationOnBackupRtmpUrl() {
            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> service().create(aCreateRequest().backupRtmpUrl("https://b.example.com/live").build()));

            assertThat(e.field()).isEqualTo("backup_rtmp_url");
            assertThat(e.getMessage()).startsWith("Backup RTMP URL must start with rtmp:// or rtmps://");
        }

        @Test
        void update_clearBackupUrl_dropsTheBackupAndDeletesItsOwnKey() {
            String param = InMemoryStreamKeyVault.backupParameterName("d-1");
            given(aYouTubeDestination("d-1").backup(new BackupIngest("rtmp://backup.example.com/live", param, "••••wxyz", "h1:fp")));
            vault.given(param, "backup-key-9876-wxyz");

            Destination updated = service().update("d-1", anEdit().backupRtmpUrl("").build());

            assertThat(updated.backup()).isNull();
            assertThat(stored("d-1").backup()).isNull();
            assertThat(vault.isStored(param)).isFalse();
        }

        @Test
        void update_newBackupUrlOfLiveDestination_keepsItsKeyAndAppliesNow() {
            String param = InMemoryStreamKeyVault.backupParameterName("d-1");
            given(aYouTubeDestination("d-1").desiredState(DesiredState.STREAMING).streamingStatus(StreamingStatus.STREAMING)
                    .backup(new BackupIngest("rtmp://backup.example.com/live", param, "••••wxyz", "h1:fp")));

            Destination updated = service().update("d-1", anEdit().backupRtmpUrl("rtmp://backup2.example.com/live").build());

            assertThat(updated.backup()).isEqualTo(new BackupIngest("rtmp://backup2.example.com/live", param, "••••wxyz", "h1:fp"));
            assertThat(reconcile.requestedChannels()).containsExactly(CHANNEL);
        }

        @Test
        void start_standardChannelWithoutBackup_refusedNamingDestinationAndFixAndNothingRecorded() {
            Destination before = given(aYouTubeDestination("d-1"));

            ConflictException e = catchThrowableOfType(ConflictException.class, () -> serviceOnChannelOf(2, null).start("d-1"));

            assertThat(e.reason()).isEqualTo(ConflictException.Reason.BACKUP_INGEST_REQUIRED);
            assertThat(e.getMessage()).contains("'Main YouTube'", "STANDARD", "backup RTMP URL", YT_BACKUP);
            assertThat(stored("d-1")).isEqualTo(before);
            assertThat(reconcile.requestedChannels()).isEmpty();
        }

        @Test
        void start_standardChannelWithBackup_started() {
            given(aYouTubeDestination("d-1").backup(new BackupIngest(YT_BACKUP, null, null, null)));

            assertThat(serviceOnChannelOf(2, null).start("d-1").desiredState()).isEqualTo(DesiredState.STREAMING);
            assertThat(reconcile.requestedChannels()).containsExactly(CHANNEL);
        }

        @Test
        void start_singlePipelineChannelWithoutBackup_started() {
            given(aYouTubeDestination("d-1"));

            assertThat(serviceOnChannelOf(1, null).start("d-1").desiredState()).isEqualTo(DesiredState.STREAMING);
        }

        @Test
        void start_mediaLiveUnreachable_clickTakenAndThePlanChecksLater() {
            given(aYouTubeDestination("d-1"));

            Destination started = serviceOnChannelOf(2, new dev.lunora.core.exceptions.ServiceUnavailableException("down", null)).start("d-1");

            assertThat(started.desiredState()).isEqualTo(DesiredState.STREAMING);
        }
    }

    @Nested
    class PrivateAddresses {

        @Test
        void create_metadataAddress_refusedOnRtmpUrl_nothingStored() {
            assertThatThrownBy(() -> service().create(aCreateRequest().platform("custom").rtmpUrl("rtmp://169.254.169.254/x").build()))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.field()).isEqualTo("rtmp_url");
                        assertThat(e.getMessage()).contains("points inside a private network");
                    });
            assertThat(store.list()).isEmpty();
        }

        @Test
        void create_loopbackBackup_refusedOnBackupRtmpUrl() {
            assertThatThrownBy(() -> service().create(aCreateRequest().platform("custom").rtmpUrl("rtmp://live.example.com/app")
                    .backupRtmpUrl("rtmp://[::1]:1935/app").build()))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("backup_rtmp_url"));
        }

        @Test
        void create_nameResolvingInside_refused_unresolvableNameAccepted() {
            assertThatThrownBy(() -> service().create(aCreateRequest().platform("custom").rtmpUrl("rtmp://rtmp.internal.example.com/app").build()))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("rtmp.internal.example.com is 10.20.30.40");

            Destination saved = service().create(aCreateRequest().platform("custom").rtmpUrl("rtmp://not-resolvable.example.net/app").build());
            assertThat(saved.rtmpUrl()).isEqualTo("rtmp://not-resolvable.example.net/app");
        }

        @Test
        void update_toPrivateUrl_refused_storedUnchanged() {
            Destination created = service().create(aCreateRequest().platform("custom").rtmpUrl("rtmp://live.example.com/app").build());

            assertThatThrownBy(() -> service().update(created.destinationId(), anEdit().rtmpUrl("rtmp://0x7f000001/app").build()))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("rtmp_url"));
            assertThatThrownBy(() -> service().update(created.destinationId(), anEdit().backupRtmpUrl("rtmp://192.168.1.20/app").build()))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("backup_rtmp_url"));
            assertThat(stored(created.destinationId())).isEqualTo(created);
        }

        @Test
        void create_allowedRange_accepted() {
            AtomicInteger ids = new AtomicInteger();
            DestinationService studio = new DestinationService(store, presets, vault, reconcile, Clock.fixed(NOW, ZoneOffset.UTC),
                    () -> "dest-" + ids.incrementAndGet(), DEFAULT_CHANNEL, null, AddressPolicy.of("127.0.0.0/8", host -> {
                        throw new java.net.UnknownHostException(host);
                    }), TestFingerprints.FINGERPRINTS);

            assertThat(studio.create(aCreateRequest().platform("custom").rtmpUrl("rtmp://127.0.0.1:1935/ingest").build()).rtmpUrl())
                    .isEqualTo("rtmp://127.0.0.1:1935/ingest");
        }
    }

    @Nested
    class Fingerprints {

        @Test
        void create_storesKeyedFingerprint() {
            Destination created = service().create(aCreateRequest().build());
            assertThat(created.streamKeyFingerprint()).startsWith(KeyFingerprints.PREFIX)
                    .isEqualTo(TestFingerprints.FINGERPRINTS.of("dest-1", KEY));
        }

        @Test
        void update_itemWithUnkeyedFingerprint_keepsLoading_editOfKeyWritesKeyedOne() {
            given(aYouTubeDestination("d-1").streamKeyFingerprint("9f86d081884c7d65"));
            assertThat(service().get("d-1").streamKeyFingerprint()).isNull();

            Destination renamed = service().update("d-1", anEdit().name("Renamed").build());
            assertThat(renamed.streamKeyFingerprint()).isNull();

            Destination rekeyed = service().update("d-1", anEdit().streamKey("zzzz-yyyy-xxxx-wxyz").build());
            assertThat(rekeyed.streamKeyFingerprint()).isEqualTo(TestFingerprints.FINGERPRINTS.of("d-1", "zzzz-yyyy-xxxx-wxyz"));
        }
    }
}
