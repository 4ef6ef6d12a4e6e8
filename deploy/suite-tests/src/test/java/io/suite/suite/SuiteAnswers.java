package io.suite.suite;

import java.net.http.HttpResponse;
import java.util.Set;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.suite.testing.OpenApiAnswers;

/**
 * Every answer a suite test gets from a service, for {@link OpenApiDriftTest}: RestAssured's calls through a global
 * filter that {@link RunningSuite} registers once, and the connect flow's own HTTP client ({@link SandboxConsent}).
 * The gateway's own errors are left out: nginx answers them (400, 413, 414, 502-504) without the X-Correlation-ID
 * header that every answer of a service carries.
 */
final class SuiteAnswers implements Filter {

    static final OpenApiAnswers ANSWERS = new OpenApiAnswers();
    private static final Set<Integer> GATEWAY_ERRORS = Set.of(400, 413, 414, 502, 503, 504);

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        Response answer = ctx.next(request, response);
        record(request.getMethod(), request.getURI(), answer.statusCode(), answer.getHeader("X-Correlation-ID") != null);
        return answer;
    }

    static void record(HttpResponse<?> answer) {
        record(answer.request().method(), answer.uri().toString(), answer.statusCode(),
                answer.headers().firstValue("X-Correlation-ID").isPresent());
    }

    static void record(String method, String url, int status, boolean fromService) {
        if (fromService || !GATEWAY_ERRORS.contains(status)) {
            ANSWERS.record(method, url, status);
        }
    }
}
