package dev.triage.analysis.ai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AnswerParserUnitTests {

    private final AnswerParser parser = new AnswerParser(JsonMapper.builder().build());

    @Test
    void aPlainJsonAnswerIsRead() {
        var analysis = parser.analysis("{\"classification\":\"PRODUCT BUG\",\"details\":\"500 from cart\",\"code_fix\":false,"
                + "\"product_bug_report\":{\"title\":\"Cart\",\"severity\":\"high\",\"jira_search_keywords\":[\"cart\",\"500\"]}}")
                .orElseThrow();
        assertThat(analysis.classification()).isEqualTo("PRODUCT BUG");
        assertThat(analysis.codeFix()).isNull();
        assertThat(analysis.productBugReport()).containsEntry("title", "Cart")
                .containsEntry("jira_search_keywords", java.util.List.of("cart", "500"));
        assertThat(analysis.artifactsEvidence()).isEmpty();
    }

    @Test
    void jsonInACodeFenceAmongProseIsFound() {
        String text = "Let me think {not json}.\n```json\n{\"classification\": \"code_issue\", \"details\": \"bad fixture\","
                + " \"code_fix\": {\"file\": \"a.py\", \"line\": 3, \"change\": \"x\"}}\n```\nDone.";
        var analysis = parser.analysis(text).orElseThrow();
        assertThat(analysis.classification()).isEqualTo("CODE ISSUE");
        assertThat(analysis.codeFix()).containsEntry("file", "a.py").containsEntry("line", 3);
    }

    @Test
    void anObjectAfterProseAndBeforeMoreProseIsFound() {
        String text = "Verdict: {\"classification\": \"Infrastructure\", \"details\": \"DNS failed {twice}\"} -- end ${VAR}";
        assertThat(parser.analysis(text).orElseThrow().classification()).isEqualTo("INFRASTRUCTURE");
    }

    @Test
    void answersOutsideTheSchemaGiveNoVerdict() {
        assertThat(parser.analysis("I think it is a product bug.")).isEmpty();
        assertThat(parser.analysis("{\"classification\":\"FLAKY\",\"details\":\"x\"}")).isEmpty();
        assertThat(parser.analysis("{\"classification\":\"CODE ISSUE\",\"details\":\"  \"}")).isEmpty();
        assertThat(parser.analysis("{\"classification\":\"CODE ISSUE\",\"details\":")).isEmpty();
        assertThat(parser.analysis("")).isEmpty();
    }

    @Test
    void peerReviewsNeedAVoteAndAClassification() {
        var review = parser.review("Sure.\n{\"agrees\": false, \"classification\": \"PRODUCT BUG\", \"reasoning\": \"r\"}")
                .orElseThrow();
        assertThat(review.agrees()).isFalse();
        assertThat(review.classification()).isEqualTo("PRODUCT BUG");
        assertThat(parser.review("{\"agrees\": \"yes\", \"classification\": \"PRODUCT BUG\"}")).isEmpty();
        assertThat(parser.review("{\"classification\": \"PRODUCT BUG\", \"details\": \"an analysis, not a review\"}")).isEmpty();
    }
}
