package dev.triage.analysis.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the shipped rules say about typical failures, and why, in words a person can check. */
class RuleClassifierUnitTests {

    final RuleClassifier rules = new RuleClassifier();

    @Test
    void anInfrastructureSymptomWinsOverTheAssertionItHidesIn() {
        Classification verdict = rules.classify(new FailureEvidence("t.CheckoutIT.pays", "java.lang.AssertionError",
                "expected:<200> but was:<503>", "java.lang.AssertionError\n\tat t.CheckoutIT.pays(CheckoutIT.java:4)"));
        assertThat(verdict.category()).isEqualTo(Classification.INFRASTRUCTURE);
        assertThat(verdict.rule()).isEqualTo("dependency-unavailable");
        assertThat(verdict.reason()).isEqualTo("A service the test depends on answered 502/503 or was unavailable (matched \"503\")");
    }

    @Test
    void whereAnUnexpectedExceptionIsThrownDecidesBetweenProductAndTestCode() {
        Classification product = rules.classify(new FailureEvidence("com.acme.CartTest.total", "java.lang.NullPointerException",
                "", "java.lang.NullPointerException\n\tat java.base/java.util.Objects.requireNonNull(Objects.java:1)\n"
                + "\tat com.acme.cart.Cart.total(Cart.java:20)\n\tat com.acme.cart.CartTest.total(CartTest.java:9)"));
        assertThat(product.category()).isEqualTo(Classification.PRODUCT_BUG);
        assertThat(product.rule()).isEqualTo("unexpected-exception-in-product");
        assertThat(product.reason()).isEqualTo("An unexpected NullPointerException was thrown from product code (com.acme.cart.Cart.total)");

        Classification test = rules.classify(new FailureEvidence("com.acme.CartTest.total", "java.lang.NullPointerException",
                "", "java.lang.NullPointerException\n\tat com.acme.cart.CartTest.total(CartTest.java:9)"));
        assertThat(test.category()).isEqualTo(Classification.CODE_ISSUE);
        assertThat(test.rule()).isEqualTo("unexpected-exception-in-test");

        Classification python = rules.classify(new FailureEvidence("tests.test_cart.test_total", null, "KeyError: 'price'",
                "tests/test_cart.py:12: in test_total\n    assert total(cart) == 3\napp/cart.py:40: in total\n    x = item['price']\n"
                + "E   KeyError: 'price'"));
        assertThat(python.category()).isEqualTo(Classification.PRODUCT_BUG);
        assertThat(python.reason()).contains("(cart.py total)");
    }

    @Test
    void httpStatusInTheMessageSaysWhoAnswered() {
        assertThat(rules.classify(new FailureEvidence("t", null, "AssertionError: expected 200, got 500", "")).rule())
                .isEqualTo("server-error");
        assertThat(rules.classify(new FailureEvidence("t", null, "Error: expected 201 \"Created\", got 404 \"Not Found\"", ""))
                .category()).isEqualTo(Classification.PRODUCT_BUG);
        assertThat(rules.classify(new FailureEvidence("t", null, "HTTP 429 Too Many Requests from api.github.com", "")).rule())
                .isEqualTo("quota-or-rate-limit");
    }

    @Test
    void theConsoleIsReadToo() {
        Classification verdict = rules.classify(new FailureEvidence("t.ImportIT.imports", null, "Process exited with 1", "",
                "... 2026-12-01 10:00:01 Killed process 4242 (java) total-vm:8123456kB, anon-rss:4012345kB"));
        assertThat(verdict.category()).isEqualTo(Classification.INFRASTRUCTURE);
        assertThat(verdict.rule()).isEqualTo("out-of-memory");
    }

    @Test
    void knownFlakyTestsAndPlainAssertionsAreCodeIssues() {
        assertThat(rules.classify(new FailureEvidence("t.SyncTest.retries", "java.lang.AssertionError", "expected:<2> but was:<3>",
                "", "[flaky] SyncTest.retries passed on rerun 2 of 3")).rule()).isEqualTo("known-flaky");
        Classification plain = rules.classify(new FailureEvidence("t.MathTest.adds", "org.opentest4j.AssertionFailedError",
                "expected: <4> but was: <5>", "org.opentest4j.AssertionFailedError\n\tat t.MathTest.adds(MathTest.java:5)"));
        assertThat(plain.category()).isEqualTo(Classification.CODE_ISSUE);
        assertThat(plain.rule()).isEqualTo("assertion");
    }

    @Test
    void nothingRecognisableIsACodeIssueWithLowConfidence() {
        Classification verdict = rules.classify(new FailureEvidence("t", "", "", ""));
        assertThat(verdict.rule()).isIn("assertion", "default");
        assertThat(verdict.confidence()).isLessThanOrEqualTo(0.5);
    }
}
