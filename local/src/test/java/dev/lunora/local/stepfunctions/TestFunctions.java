package dev.lunora.local.stepfunctions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The functions conformance definitions call, registered under these names. */
final class TestFunctions {

    private TestFunctions() {
    }

    static LocalLambdas registry() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        return new LocalLambdas()
                .register("echo", payload -> payload)
                .register("double", payload -> ((Number) ((Map<?, ?>) payload).get("n")).longValue() * 2)
                .register("fail", payload -> {
                    throw new IllegalStateException(String.valueOf(payload instanceof Map<?, ?> m
                            ? m.get("message") : "boom"));
                })
                .register("failNested", payload -> {
                    throw new IllegalStateException("outer", new UncheckedIOException(new IOException("disk")));
                })
                // Fails with IllegalStateException until called 'failures' times for 'key', then echoes.
                .register("flaky", payload -> {
                    Map<?, ?> m = (Map<?, ?>) payload;
                    int n = calls.computeIfAbsent(String.valueOf(m.get("key")), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (n <= ((Number) m.get("failures")).intValue()) {
                        throw new IllegalStateException("attempt " + n + " failed");
                    }
                    return Map.of("attempts", n);
                })
                .register("throttled", payload -> {
                    throw new LambdaServiceException("Lambda.TooManyRequestsException", "Rate exceeded");
                })
                // Never returns on its own: for TimeoutSeconds and StopExecution.
                .register("hang", payload -> {
                    new CountDownLatch(1).await();
                    return null;
                });
    }
}
