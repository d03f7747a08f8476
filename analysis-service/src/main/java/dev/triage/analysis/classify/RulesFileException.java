package dev.triage.analysis.classify;

/** A rules file that cannot be used; the message names the file, the rule and what is wrong. */
public class RulesFileException extends RuntimeException {

    public RulesFileException(String message) {
        super(message);
    }

    public RulesFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
