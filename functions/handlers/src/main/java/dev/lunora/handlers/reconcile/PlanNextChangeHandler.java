package dev.lunora.handlers.reconcile;

import dev.lunora.core.channel.ChannelPlan;
import dev.lunora.core.channel.ChannelState;
import dev.lunora.core.channel.ReconcileService;
import dev.lunora.handlers.wiring.Wiring;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides the workflow's next step. Returns no stream keys and no URLs: task output lands in execution history.
 */
public final class PlanNextChangeHandler extends ReconcileTask {

    /** MediaLive's own waiter budgets: ChannelStopped 5 min, ChannelRunning 10 min. */
    static final int STOP_BUDGET_SECONDS = 300;
    static final int START_BUDGET_SECONDS = 600;

    public PlanNextChangeHandler() {
        this(Wiring.fromEnvironment());
    }

    public PlanNextChangeHandler(Wiring wiring) {
        super(wiring.reconcileService());
    }

    @Override
    Map<String, Object> run(ReconcileService reconcile, String channelId, String execution, Map<String, Object> payload) {
        ReconcileService.Planned planned = reconcile.planCoveringRequests(channelId, execution, (int) number(payload, "startsTried", 0),
                (int) number(payload, "appliesTried", 0), (int) number(payload, "waited", 0));
        ChannelPlan plan = planned.plan();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generation", planned.generation());
        out.put("next", plan.next().wireName());
        out.put("state", plan.state().name());
        out.put("shouldRun", plan.shouldRun());
        out.put("outputs", plan.outputs().size());
        out.put("interrupted", plan.interrupted());
        out.put("refused", plan.cannotStream().size());
        out.put("waitBudgetSeconds", plan.state() == ChannelState.STOPPING ? STOP_BUDGET_SECONDS : START_BUDGET_SECONDS);
        return out;
    }
}
