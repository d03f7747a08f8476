package dev.triage.events;

/** The services that own topics. Exactly one service writes each topic. */
public enum Writer {
    GATEWAY,
    ANALYSIS,
    TRACKER,
    HISTORY,
    NOTIFICATION
}
