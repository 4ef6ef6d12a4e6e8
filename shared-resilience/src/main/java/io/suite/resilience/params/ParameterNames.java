package io.suite.resilience.params;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import jakarta.validation.ParameterNameProvider;

/**
 * Bean Validation names a resource parameter as the client sent it ({@code @QueryParam("strike_min") BigDecimal
 * strikeMin} is {@code strike_min} in the 400's {@code errors[].field}), the same name {@link BoundedParamConverters}
 * gives a value it cannot convert. Parameters without a JAX-RS name keep their Java name. Quarkus' Hibernate Validator
 * picks this bean up.
 */
@Singleton
@Unremovable
public class ParameterNames implements ParameterNameProvider {

    @Override
    public List<String> getParameterNames(Constructor<?> constructor) {
        return names(constructor);
    }

    @Override
    public List<String> getParameterNames(Method method) {
        return names(method);
    }

    static List<String> names(Executable executable) {
        Parameter[] parameters = executable.getParameters();
        List<String> names = new ArrayList<>(parameters.length);
        for (Parameter p : parameters) {
            String sent = BoundedParamConverters.name(p.getAnnotations());
            names.add(BoundedParamConverters.UNNAMED.equals(sent) ? p.getName() : sent);
        }
        return names;
    }
}
