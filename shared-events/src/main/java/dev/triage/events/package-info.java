/**
 * The contract between Triage services: every event is an immutable record with an envelope (event id, time, request
 * id, subject id, schema version), and every topic is declared once in {@link dev.triage.events.Topics} with its key
 * type, value type, partition count and the one service that writes it.
 *
 * <p>This package depends on the JDK and Jackson annotations only. Evolution rules are in {@code EVOLUTION.md} beside
 * this module's pom: add-only, new fields optional, unknown fields ignored, a breaking change is a new type.
 */
package dev.triage.events;
