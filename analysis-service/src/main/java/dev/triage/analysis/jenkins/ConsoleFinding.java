package dev.triage.analysis.jenkins;

/**
 * What a console says went wrong, when no test report does.
 *
 * @param kind    {@code compile_error}, {@code checkout_failure}, {@code agent_lost}, {@code timeout} or {@code build_error}
 * @param title   a short phrase for people, e.g. "compilation failed"
 * @param line    the line that showed it, trimmed
 * @param excerpt the console around that line (bounded)
 */
public record ConsoleFinding(String kind, String title, String line, String excerpt) {
}
