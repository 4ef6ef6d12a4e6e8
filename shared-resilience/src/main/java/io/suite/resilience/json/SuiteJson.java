package io.suite.resilience.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The one JSON configuration of the suite, applied to the Quarkus-managed {@code ObjectMapper} (which the REST server,
 * the REST clients and every bean that injects it share). Money and prices stay exact: a JSON float read without a
 * target type becomes a BigDecimal, never a double. Unknown properties are ignored, since upstream replies grow fields.
 */
@Singleton
public class SuiteJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        configure(mapper);
    }

    /** The settings themselves, for the managed mapper and for {@link #newMapper()}. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * A mapper configured like the managed one (Quarkus' defaults plus {@link #configure}), for code that runs outside
     * CDI: plain unit tests and the static {@code CursorCodec}. Beans inject {@code ObjectMapper} instead.
     */
    public static ObjectMapper newMapper() {
        return configure(JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build());
    }
}
