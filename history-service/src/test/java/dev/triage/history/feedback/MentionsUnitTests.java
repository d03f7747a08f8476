package dev.triage.history.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MentionsUnitTests {

    @Test
    void mentionsAreFoundOnceEachInOrderWithoutTrailingPunctuation() {
        assertThat(Mentions.in("@bob see this, cc @carol. and @bob again (@dave_x)")).containsExactly("bob", "carol", "dave_x");
    }

    @Test
    void emailAddressesAndBareAtSignsAreNotMentions() {
        assertThat(Mentions.in("mail alice@example.com or @ nobody")).isEmpty();
    }
}
