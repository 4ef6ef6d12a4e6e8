package io.suite.resilience.params;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * JSON strings (values and map keys) with a NUL ({@code \u0000}) or a lone surrogate ({@code \ud800}) are refused
 * while binding, so the 400 names the property ({@code labels.team}) instead of Postgres failing the write with a 500.
 */
@Singleton
public class JsonStringHygiene implements ObjectMapperCustomizer {

    /** The message of the binding failure; ProblemMappers shows it instead of "wrong type or format". */
    public static final String MESSAGE = InputHygiene.INVALID_TEXT;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("suite-string-hygiene");
        module.addDeserializer(String.class, new CleanStrings());
        module.addKeyDeserializer(String.class, new CleanKeys());
        return module;
    }

    static final class CleanStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = super.deserialize(p, ctxt);
            if (s != null && !InputHygiene.clean(s)) {
                throw new InvalidFormatException(p, MESSAGE, "(invalid text)", String.class);
            }
            return s;
        }
    }

    static final class CleanKeys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (key != null && !InputHygiene.clean(key)) {
                throw new InvalidFormatException(ctxt.getParser(), MESSAGE, "(invalid key)", String.class);
            }
            return key;
        }
    }
}
