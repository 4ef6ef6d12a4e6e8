package io.suite.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.suite.testing.OpenApiAnswers;

/**
 * Issue 16: the OpenAPI documents state every answer a client can get. Runs after every other suite test class
 * (junit-platform.properties orders classes by @Order) and fails on each (method, path, status) a test received from
 * a service that the service's own {@code /q/openapi} does not declare.
 */
@ExtendWith(RunningSuite.class)
@Order(Integer.MAX_VALUE)
class OpenApiDriftTest {

    @Test
    void everyAnswerTheSuiteTestsReceivedIsDeclaredByItsServicesOpenApiDocument() {
        Set<String> services = SuiteAnswers.ANSWERS.received().stream().map(OpenApiAnswers.Answer::service)
                .collect(Collectors.toSet());
        // the recording works: with the whole suite run, every service answered something (one class alone may not)
        assertThat(services).as("services the suite tests received answers from").isNotEmpty();

        // what was checked, in the test's output: one line per answer
        SuiteAnswers.ANSWERS.received().stream().map(Object::toString).sorted().forEach(System.out::println);

        Map<String, String> management = RunningSuite.MANAGEMENT;
        assertThat(SuiteAnswers.ANSWERS.undeclared(
                service -> OpenApiAnswers.Document.fetch(management.get(service) + "/q/openapi?format=json")))
                .as("answers of %d recorded (method, path, status) that the service's OpenAPI document does not declare",
                        SuiteAnswers.ANSWERS.received().size())
                .isEmpty();
    }
}
