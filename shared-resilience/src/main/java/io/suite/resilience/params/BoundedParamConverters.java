package io.suite.resilience.params;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.UUID;
import java.util.function.Function;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.suite.resilience.problem.ProblemException;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * Every {@code UUID}, {@code int}/{@code Integer}, {@code long}/{@code Long} and {@code BigDecimal} resource parameter in every service
 * goes
 * through {@link StrictIds} and {@link BoundedNumbers}, so a lenient id ({@code 1-1-1-1-1}) or an absurd number is
 * a 400 naming the parameter before a resource method runs. Ranges narrower than the type's are still declared on the
 * parameter ({@code @Min}/{@code @Max}).
 */
@Provider
public class BoundedParamConverters implements ParamConverterProvider {

    /** The name of a parameter without a JAX-RS name annotation. */
    static final String UNNAMED = "parameter";

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String field = name(annotations);
        if (rawType == UUID.class) {
            return (ParamConverter<T>) converter(raw -> {
                if (!StrictIds.isCanonical(raw)) {
                    throw ProblemException.invalidField(field, "must be a UUID like 123e4567-e89b-12d3-a456-426614174000");
                }
                return UUID.fromString(raw);
            });
        }
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) converter(
                    raw -> BoundedNumbers.longInRange(field, raw, null, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) converter(raw -> BoundedNumbers.longInRange(field, raw, null, Long.MIN_VALUE,
                    Long.MAX_VALUE));
        }
        if (rawType == BigDecimal.class) {
            BigDecimal bound = BigDecimal.TEN.pow(BoundedNumbers.MAX_INTEGER_DIGITS);
            return (ParamConverter<T>) converter(raw -> BoundedNumbers.decimalInRange(field, raw, bound.negate(), bound));
        }
        return null;
    }

    private static <T> ParamConverter<T> converter(Function<String, T> parse) {
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                // a blank value (limit=%20) is refused like any other non-number: null would reach a primitive as a 500
                return value == null ? null : parse.apply(value.isBlank() ? "(blank)" : value);
            }

            @Override
            public String toString(T value) {
                return value == null ? null : (value instanceof BigDecimal d ? d.toPlainString() : value.toString());
            }
        };
    }

    static String name(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation a : annotations) {
                String n = null;
                if (a instanceof QueryParam q) {
                    n = q.value();
                } else if (a instanceof PathParam p) {
                    n = p.value();
                } else if (a instanceof FormParam f) {
                    n = f.value();
                } else if (a instanceof HeaderParam h) {
                    n = h.value();
                } else if (a instanceof RestQuery q) {
                    n = q.value();
                } else if (a instanceof RestPath p) {
                    n = p.value();
                }
                if (n != null && !n.isEmpty()) {
                    return n;
                }
            }
        }
        return UNNAMED;
    }
}
