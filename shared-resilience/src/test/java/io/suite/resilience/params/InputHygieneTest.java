package io.suite.resilience.params;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/** NUL, broken UTF-8 and lenient numbers or ids in any parameter or JSON string are a 400 naming it, never a 500. */
@QuarkusTest
class InputHygieneTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String ID = "123e4567-e89b-12d3-a456-426614174000";

    @ParameterizedTest
    @ValueSource(strings = { "a%00b", "%C3%28", "%ED%A0%80", "%FF", "%E2%82", "%C0%80" })
    void badTextInAQueryParameterIsNamed(String raw) {
        given().urlEncodingEnabled(false).when().get("/test/params/" + ID + "?size=1&q=" + raw)
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("q"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "a%00b", "%C3%28", "%ED%A0%80" })
    void badTextInAPathParameterIsNamed(String raw) {
        given().urlEncodingEnabled(false).when().get("/test/params/" + raw)
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("id"));
    }

    @Test
    void validUnicodeStillPasses() {
        given().urlEncodingEnabled(false).when().get("/test/params/" + ID + "?q=%C3%A9t%C3%A9+%F0%9F%98%80&size=3")
                .then().statusCode(200).body("size", equalTo(3));
    }

    @ParameterizedTest
    @ValueSource(strings = { "1-1-1-1-1", "123e4567e89b12d3a456426614174000", "zzz" })
    void aLenientUuidIsA400NamingTheParameter(String raw) {
        given().when().get("/test/params/" + raw)
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("id"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "1e400000000", "NaN", "0x10", "99999999999999999999" })
    void absurdTypedNumbersAreA400NamingTheParameter(String raw) {
        given().queryParam("price", raw).when().get("/test/params/" + ID)
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("price"));
        given().queryParam("size", raw).when().get("/test/params/" + ID)
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("size"));
    }

    @Test
    void primitiveIntParametersUseTheBoundedParserToo() {
        given().queryParam("limit", "1e400000000").when().get("/test/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("limit"))
                .body("errors[0].message", startsWith("must be a whole number"));
        // found by BadInputTest: a blank value must not become null for a primitive (a 500)
        given().urlEncodingEnabled(false).when().get("/test/validate?limit=%20")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("limit"));
        given().urlEncodingEnabled(false).when().get("/test/params/%20")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("id"));
    }

    @Test
    void typedParametersStillParse() {
        given().queryParam("price", "12.5").queryParam("size", "7").when().get("/test/params/" + ID.toUpperCase())
                .then().statusCode(200).body("id", equalTo(ID)).body("size", equalTo(7)).body("price", equalTo(12.5f));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"text\":\"a\\u0000b\"}", "{\"text\":\"\\ud800\"}", "{\"text\":\"x\\udc00y\"}" })
    void aNulOrLoneSurrogateInAJsonStringNamesTheProperty(String body) {
        given().contentType("application/json").body(body).when().post("/test/notes")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("text"))
                .body("errors[0].message", equalTo(JsonStringHygiene.MESSAGE));
    }

    @Test
    void aNulInAJsonMapValueOrKeyNamesTheMap() {
        given().contentType("application/json").body("{\"text\":\"ok\",\"labels\":{\"team\":\"a\\u0000\"}}")
                .when().post("/test/notes")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("labels.team"));
        given().contentType("application/json").body("{\"text\":\"ok\",\"labels\":{\"t\\u0000\":\"a\"}}")
                .when().post("/test/notes")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", startsWith("labels"));
    }

    @Test
    void invalidUtf8BytesInAJsonBodyAreA400() {
        byte[] body = { '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '(', '"', '}' };
        given().contentType("application/json").body(body).when().post("/test/notes")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void ordinaryJsonTextIsUntouched() {
        given().contentType("application/json; charset=UTF-8").body("{\"text\":\"été 😀\",\"labels\":{\"team\":\"x\"}}")
                .when().post("/test/notes").then().statusCode(200).body("text", equalTo("été 😀"));
    }

    @Test
    void theStrictDecoderRejectsEncodedSurrogates() {
        assertThat(InputHygiene.decode("%ED%A0%80", false)).isNull();
        assertThat(InputHygiene.decode("%", false)).isNull();
        assertThat(InputHygiene.decode("%zz", false)).isNull();
        assertThat(InputHygiene.decode("%C3%A9", false)).isEqualTo("é");
        assertThat(InputHygiene.clean("a\uD83D\uDE00")).isTrue();
        assertThat(InputHygiene.clean("a\uD83D")).isFalse();
    }
}
