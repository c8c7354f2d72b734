package dev.lunora.local.stepfunctions.exec;

/** Unwinds a branch of an execution that was stopped, timed out, or lost a sibling branch. Never reported itself. */
final class Aborted extends RuntimeException {

    Aborted() {
        super(null, null, false, false);
    }
}
