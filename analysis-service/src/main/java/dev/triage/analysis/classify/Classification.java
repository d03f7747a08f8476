package dev.triage.analysis.classify;

/**
 * A verdict on one failure group.
 *
 * @param category   {@link #CODE_ISSUE}, {@link #PRODUCT_BUG} or {@link #INFRASTRUCTURE}
 * @param confidence from 0 to 1
 * @param rule       the rule that decided, for people and for tuning rules
 * @param reason     why, in a sentence that cites the evidence
 */
public record Classification(String category, double confidence, String rule, String reason) {

    public static final String CODE_ISSUE = "CODE ISSUE";
    public static final String PRODUCT_BUG = "PRODUCT BUG";
    public static final String INFRASTRUCTURE = "INFRASTRUCTURE";
}
