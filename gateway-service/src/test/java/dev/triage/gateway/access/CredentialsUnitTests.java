package dev.triage.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.platform.web.ApiException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class CredentialsUnitTests {

    private static final String KEY_1 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void generatedTokensCarryTheirLookupIdAndOnlyTheirHashMatches() {
        Credentials.Issued issued = Credentials.generate();
        assertThat(issued.value()).startsWith("trg_" + issued.id() + "_").hasSize(4 + 12 + 1 + 43);
        assertThat(Credentials.idOf(issued.value())).isEqualTo(issued.id());
        String stored = Credentials.sha256Hex(issued.value());
        assertThat(Credentials.matches(issued.value(), stored)).isTrue();
        assertThat(Credentials.matches(issued.value() + "x", stored)).isFalse();
        assertThat(Credentials.matches(issued.value(), "not-hex")).isFalse();
        assertThat(Credentials.generate().value()).isNotEqualTo(issued.value());
    }

    @Test
    void chosenKeysAreFoundByADigestOfTheirOwn() {
        assertThat(Credentials.idOf("a-custom-key-of-length")).startsWith("c").hasSize(24)
                .isEqualTo(Credentials.idOf("a-custom-key-of-length"));
        assertThat(Credentials.idOf("trg_short_x")).startsWith("c");
    }

    @Test
    void secretsRoundTripAndAreBoundToTheirOwnerAndField() {
        SecretBox box = new SecretBox(new MockEnvironment().withProperty("TRIAGE_SECRET_KEY", KEY_1));
        String sealed = box.seal("ghp_secret", "user-secret:alice:github_token");
        assertThat(sealed).startsWith("v1:k1:").doesNotContain("ghp_secret");
        assertThat(box.seal("ghp_secret", "user-secret:alice:github_token")).isNotEqualTo(sealed);
        assertThat(box.open(sealed, "user-secret:alice:github_token")).isEqualTo("ghp_secret");
        assertThatThrownBy(() -> box.open(sealed, "user-secret:bob:github_token")).isInstanceOf(ApiException.class)
                .hasFieldOrPropertyWithValue("code", "auth_misconfigured");
    }

    @Test
    void rotationReadsOldCiphertextsAndWritesWithTheNewKey() {
        SecretBox old = new SecretBox(new MockEnvironment().withProperty("TRIAGE_SECRET_KEY", KEY_1));
        String sealedWithOld = old.seal("jira", "ctx");
        SecretBox rotated = new SecretBox(new MockEnvironment().withProperty("TRIAGE_SECRET_KEY", KEY_2)
                .withProperty("TRIAGE_SECRET_KEY_ID", "k2").withProperty("TRIAGE_SECRET_KEYS_PREVIOUS", "k1:" + KEY_1));
        assertThat(rotated.open(sealedWithOld, "ctx")).isEqualTo("jira");
        assertThat(SecretBox.keyIdOf(rotated.seal("jira", "ctx"))).isEqualTo("k2");
        SecretBox forgotten = new SecretBox(new MockEnvironment().withProperty("TRIAGE_SECRET_KEY", KEY_2)
                .withProperty("TRIAGE_SECRET_KEY_ID", "k2"));
        assertThatThrownBy(() -> forgotten.open(sealedWithOld, "ctx")).isInstanceOf(ApiException.class);
    }

    @Test
    void withoutAValidKeyNothingIsSealed() {
        SecretBox none = new SecretBox(new MockEnvironment());
        assertThat(none.problem()).contains("TRIAGE_SECRET_KEY");
        assertThatThrownBy(() -> none.seal("x", "ctx")).isInstanceOf(ApiException.class)
                .hasFieldOrPropertyWithValue("code", "auth_misconfigured");
        SecretBox shortKey = new SecretBox(new MockEnvironment().withProperty("TRIAGE_SECRET_KEY",
                Base64.getEncoder().encodeToString(new byte[16])));
        assertThat(shortKey.problem()).contains("32 bytes");
        assertThatThrownBy(() -> shortKey.seal("x", "ctx")).isInstanceOf(ApiException.class);
    }
}
