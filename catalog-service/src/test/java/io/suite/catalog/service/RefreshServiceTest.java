package io.suite.catalog.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The claim order of the refresh workers: concurrent claims spread over the stores instead of queueing on one. */
class RefreshServiceTest {

    @Test
    void consecutiveClaimsStartAtTheNextDueMarketplaceInTurn() {
        List<String> due = List.of("us (most overdue)", "de", "uk");

        assertThat(RefreshService.startingAt(due, 0)).containsExactly("us (most overdue)", "de", "uk");
        assertThat(RefreshService.startingAt(due, 1)).containsExactly("de", "uk", "us (most overdue)");
        assertThat(RefreshService.startingAt(due, 2)).containsExactly("uk", "us (most overdue)", "de");
        assertThat(RefreshService.startingAt(due, 3)).containsExactly("us (most overdue)", "de", "uk");
        // the turn counter may wrap past Integer.MAX_VALUE
        assertThat(RefreshService.startingAt(due, Integer.MIN_VALUE)).hasSize(3).containsExactlyInAnyOrderElementsOf(due);
    }

    @Test
    void aSingleDueMarketplaceIsTakenAsItIs() {
        assertThat(RefreshService.startingAt(List.of("us"), 7)).containsExactly("us");
        assertThat(RefreshService.startingAt(List.<String> of(), 7)).isEmpty();
    }
}
