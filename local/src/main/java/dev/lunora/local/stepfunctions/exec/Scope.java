package dev.lunora.local.stepfunctions.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * Workflow variables of one scope. The top level is one scope; each Parallel branch and each Map iteration gets a
 * child that reads its parents' variables, and whose own assignments are invisible outside it ("Passing data
 * between states with variables", variable scope).
 */
final class Scope {

    private final Scope parent;
    private final Map<String, Object> own = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    /** The variables visible here, inner scopes shadowing outer ones. */
    synchronized Map<String, Object> visible() {
        Map<String, Object> all = parent == null ? new HashMap<>() : parent.visible();
        all.putAll(own);
        return all;
    }

    synchronized void assign(Map<String, Object> values) {
        own.putAll(values);
    }
}
