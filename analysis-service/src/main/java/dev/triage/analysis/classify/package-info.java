/**
 * Classification of failure groups into CODE ISSUE, PRODUCT BUG or INFRASTRUCTURE, with a confidence and a reason a
 * person can check. Works without any AI: pattern rules on the exception, message and stack.
 */
@NullMarked
package dev.triage.analysis.classify;

import org.jspecify.annotations.NullMarked;
