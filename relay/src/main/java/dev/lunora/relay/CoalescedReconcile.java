package dev.lunora.relay;

import dev.lunora.core.exceptions.LunoraException;
import dev.lunora.core.ports.ReconcileRequests;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the workflow to record the relay's reports: one reconcile request a second at most, however many pushes turn
 * live or failing at once (a replacement relay resuming ten destinations asks once, not ten times). A request that
 * fails is only logged: the reports stay in the table and the next run records them.
 */
final class CoalescedReconcile implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CoalescedReconcile.class);
    private static final long COALESCE_MILLIS = 1_000;

    private final ReconcileRequests reconcile;
    private final String channelId;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-reconcile-request");
        t.setDaemon(true);
        return t;
    });

    CoalescedReconcile(ReconcileRequests reconcile, String channelId) {
        this.reconcile = reconcile;
        this.channelId = channelId;
    }

    @Override
    public void run() {
        if (pending.compareAndSet(false, true)) {
            timer.schedule(this::request, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void request() {
        pending.set(false);
        try {
            String execution = reconcile.request(channelId);
            LOG.atInfo().addKeyValue("channel_id", channelId).addKeyValue("execution", execution).log("asked the workflow to record delivery");
        } catch (LunoraException e) {
            LOG.atWarn().addKeyValue("channel_id", channelId).log("could not ask the workflow to record delivery: {}", e.getMessage());
        }
    }
}
