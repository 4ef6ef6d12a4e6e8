package io.suite.resilience.problem;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * Names a bean-validation property as the JSON body spells it ({@code @JsonNaming}, {@code @JsonProperty}), so a 400's
 * {@code errors[].field} says {@code account_ids}, the property the client sent, not the record component
 * {@code accountIds}. Quarkus hands this bean to Hibernate Validator; {@link ProblemMappers#fieldName} then only drops
 * the method and parameter names.
 */
@Singleton
public class JsonPropertyNodeNames implements PropertyNodeNameProvider {

    /** Looked up on first use: the validator factory is built before every bean it could need is ready. */
    private final Instance<ObjectMapper> mapper;
    private final Map<Class<?>, Map<String, String>> names = new ConcurrentHashMap<>();

    public JsonPropertyNodeNames(Instance<ObjectMapper> mapper) {
        this.mapper = mapper;
    }

    @Override
    public String getName(Property property) {
        if (!(property instanceof JavaBeanProperty bean)) {
            return property.getName();
        }
        return names.computeIfAbsent(bean.getDeclaringClass(), this::jsonNames).getOrDefault(property.getName(), property.getName());
    }

    /** Java name to JSON name of each property Jackson reads from a request body of this type. */
    private Map<String, String> jsonNames(Class<?> type) {
        Map<String, String> out = new HashMap<>();
        if (!mapper.isResolvable()) {
            return out;
        }
        DeserializationConfig config = mapper.get().getDeserializationConfig();
        BeanDescription description = config.introspect(config.constructType(type));
        for (BeanPropertyDefinition p : description.findProperties()) {
            out.put(p.getInternalName(), p.getName());
        }
        return out;
    }
}
