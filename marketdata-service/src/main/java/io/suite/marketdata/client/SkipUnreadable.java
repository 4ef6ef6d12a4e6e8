package io.suite.marketdata.client;

import java.io.IOException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Reads one element of a list in an upstream page; an element of the wrong shape (a string where Polygon documents a
 * number) becomes null and is skipped, so one odd contract never fails the whole chain. Used with
 * {@code @JsonDeserialize(contentUsing = ...)}.
 */
abstract class SkipUnreadable<T> extends JsonDeserializer<T> {

    private static final Logger LOG = Logger.getLogger(SkipUnreadable.class);

    private final Class<T> type;

    SkipUnreadable(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode element = p.readValueAsTree();
        try {
            return ctxt.readTreeAsValue(element, type);
        } catch (MismatchedInputException e) {
            LOG.warnf("skipping a %s the upstream sent in an unexpected shape: %s", type.getSimpleName(), e.getOriginalMessage());
            return null;
        }
    }

    static final class OptionSnapshots extends SkipUnreadable<PolygonReplies.OptionSnapshot> {
        OptionSnapshots() {
            super(PolygonReplies.OptionSnapshot.class);
        }
    }

    static final class ContractRefs extends SkipUnreadable<PolygonReplies.ContractRef> {
        ContractRefs() {
            super(PolygonReplies.ContractRef.class);
        }
    }
}
