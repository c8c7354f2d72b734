package dev.lunora.relay;

import dev.lunora.core.alert.DestinationHealth;
import dev.lunora.core.destination.DeliveryStatus;
import dev.lunora.core.destination.DesiredState;
import dev.lunora.core.destination.Destination;
import dev.lunora.core.destination.Platform;
import dev.lunora.core.destination.StreamKeys;
import dev.lunora.core.destination.StreamingStatus;
import dev.lunora.core.exceptions.NotFoundException;
import dev.lunora.core.ports.DeliveryStatusStore;
import dev.lunora.core.ports.DestinationStore;
import dev.lunora.core.ports.StreamKeySource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory stand-ins for the relay's ports, and a runner that counts what it starts. */
final class RelayFakes {

    static final dev.lunora.core.destination.KeyFingerprints FINGERPRINTS = new dev.lunora.core.destination.KeyFingerprints(
            () -> "relay-test-fingerprint-key".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    static final String CHANNEL = "ch-relay";

    private RelayFakes() {
    }

    static Destination streaming(String id, String key) {
        return Destination.builder(id, Platform.CUSTOM).name(id).rtmpUrl("rtmp://platform.example/app")
                .streamKeyParam("/keys/" + id).streamKeyFingerprint(RelayFakes.FINGERPRINTS.of(id, key)).streamKeyHint(StreamKeys.hint(key))
                .desiredState(DesiredState.STREAMING).channelId(CHANNEL).build();
    }

    /** The destinations table: only what the relay reads. */
    static final class Destinations implements DestinationStore {
        final Map<String, Destination> items = new ConcurrentHashMap<>();

        void put(Destination d) {
            items.put(d.destinationId(), d);
        }

        @Override
        public List<Destination> list() {
            return new ArrayList<>(items.values());
        }

        @Override
        public Optional<Destination> find(String destinationId) {
            return Optional.ofNullable(items.get(destinationId));
        }

        @Override
        public void create(Destination destination) {
            put(destination);
        }

        @Override
        public void update(Destination destination, long expectedVersion) {
            put(destination);
        }

        @Override
        public void recordStatus(String destinationId, StreamingStatus status, Instant streamingStartedAt, String lastError) {
            throw new UnsupportedOperationException("the relay never writes the workflow's status");
        }

        @Override
        public DestinationHealth health(String destinationId) {
            throw new UnsupportedOperationException("the relay never reads health");
        }

        @Override
        public void recordHealth(String destinationId, DestinationHealth health, Instant expectedUpdatedAt) {
            throw new UnsupportedOperationException("the relay never writes health");
        }

        @Override
        public boolean recordKeyDescription(String destinationId, String fingerprint, String hint, long expectedVersion) {
            throw new UnsupportedOperationException("the relay never writes key descriptions");
        }

        @Override
        public void delete(String destinationId, long expectedVersion) {
            items.remove(destinationId);
        }
    }

    static final class Keys implements StreamKeySource {
        final Map<String, String> values = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public String read(String parameterName) {
            reads.incrementAndGet();
            String v = values.get(parameterName);
            if (v == null) {
                throw new NotFoundException("The stream key parameter " + parameterName + " is missing.");
            }
            return v;
        }
    }

    static final class Statuses implements DeliveryStatusStore {
        record Write(String destinationId, DeliveryStatus status) {
        }

        final List<Write> writes = new CopyOnWriteArrayList<>();
        final Map<String, DeliveryStatus> current = new ConcurrentHashMap<>();

        @Override
        public void record(String destinationId, DeliveryStatus status, Instant at) {
            writes.add(new Write(destinationId, status));
            current.put(destinationId, status);
        }

        @Override
        public Optional<DeliveryStatus> find(String destinationId) {
            return Optional.ofNullable(current.get(destinationId));
        }

        List<DeliveryStatus> of(String destinationId) {
            return writes.stream().filter(w -> w.destinationId().equals(destinationId)).map(Write::status).toList();
        }
    }

    /** The dry runner, counting processes started and alive per destination (and the most ever alive at once). */
    static final class CountingRunner implements ProcessRunner {
        private final DryRunner dry = new DryRunner(Duration.ofMillis(20));
        final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> alive = new ConcurrentHashMap<>();
        final AtomicInteger mostAliveForOne = new AtomicInteger();
        final List<String> targets = new CopyOnWriteArrayList<>();

        int started(String destinationId) {
            return started.getOrDefault(destinationId, new AtomicInteger()).get();
        }

        int alive(String destinationId) {
            return alive.getOrDefault(destinationId, new AtomicInteger()).get();
        }

        @Override
        public PushProcess start(PushTarget target, Output output) throws IOException {
            started.computeIfAbsent(target.name(), k -> new AtomicInteger()).incrementAndGet();
            AtomicInteger count = alive.computeIfAbsent(target.name(), k -> new AtomicInteger());
            mostAliveForOne.accumulateAndGet(count.incrementAndGet(), Math::max);
            targets.add(target.targetUrl());
            PushProcess inner = dry.start(target, output);
            return new PushProcess() {
                private boolean ended;

                @Override
                public boolean waitFor(Duration patience) throws InterruptedException {
                    boolean done = inner.waitFor(patience);
                    if (done) {
                        end();
                    }
                    return done;
                }

                @Override
                public void stop() {
                    inner.stop();
                    end();
                }

                private synchronized void end() {
                    if (!ended) {
                        ended = true;
                        count.decrementAndGet();
                    }
                }

                @Override
                public Optional<ProcessHandle> handle() {
                    return Optional.empty();
                }
            };
        }
    }
}
