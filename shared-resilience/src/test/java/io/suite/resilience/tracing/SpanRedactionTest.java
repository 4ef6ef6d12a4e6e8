package io.suite.resilience.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The masking of URL queries on spans (the processor itself is checked on real spans in TracesTest). */
class SpanRedactionTest {

    @Test
    void theLwaCallbacksCodeAndStateAreMaskedAndOtherParametersKept() {
        assertThat(SpanRedaction.mask("code=ANaRxyz123&state=c2lnbmVk.abc&scope=advertising%3A%3Acampaign_management"))
                .isEqualTo("code=***&state=***&scope=advertising%3A%3Acampaign_management");
    }

    @Test
    void aFullUrlKeepsItsPathAndMasksKeysTokensAndSignaturesInAnyCase() {
        assertThat(SpanRedaction.mask("https://api.polygon.io/v3/reference/options/contracts?cursor=YXA&apiKey=pk_live_1&limit=250"))
                .isEqualTo("https://api.polygon.io/v3/reference/options/contracts?cursor=YXA&apiKey=***&limit=250");
        assertThat(SpanRedaction.mask("/x?ticker=SPY&X-Amz-Signature=abcdef0123&X-Amz-Credential=AKIA%2F20261206"))
                .isEqualTo("/x?ticker=SPY&X-Amz-Signature=***&X-Amz-Credential=***");
        assertThat(SpanRedaction.mask("access_token=Atza|IwEBIA&refresh_token=Atzr|IwEBIB"))
                .isEqualTo("access_token=***&refresh_token=***");
    }

    @Test
    void whatRedactionMasksElsewhereIsMaskedToo() {
        assertThat(SpanRedaction.mask("/callback?note=Atza|IwEBIAbc")).isEqualTo("/callback?note=***");
        // Redaction errs on the side of masking: any *token parameter, a signed page cursor too
        assertThat(SpanRedaction.mask("limit=20&next_token=eyJ2Ijo")).isEqualTo("limit=20&next_token=***");
    }
}
