package io.suite.resilience.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The write-back's assignments: placeholders numbered after the lease's id and version, names checked. */
class LeaseUpdateTest {

    @Test
    void numbersPlaceholdersFromThreeInTheOrderOfTheValues() {
        LeaseUpdate u = new LeaseUpdate().setUnlessNull("title", "T").set("images", "[]", "text::jsonb")
                .setExpression("processed", "processed + 1").set("price", 12);

        assertThat(u.assignments())
                .isEqualTo("title = coalesce($3, title), images = $4::text::jsonb, processed = processed + 1, price = $5");
        assertThat(u.values()).containsExactly("T", "[]", 12);
    }

    @Test
    void setsNothingUntilToldTo() {
        assertThat(new LeaseUpdate().assignments()).isEmpty();
        assertThat(new LeaseUpdate().values()).isEmpty();
    }

    @Test
    void columnsAndCastsMustBePlainIdentifiers() {
        assertThatThrownBy(() -> new LeaseUpdate().set("x = 1, y", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeaseUpdate().setExpression("due_at; drop table x", "now()"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeaseUpdate().set("price", 1, "numeric); drop table x; --"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
