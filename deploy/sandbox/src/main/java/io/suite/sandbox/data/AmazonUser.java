package io.suite.sandbox.data;

/** A sandbox Amazon user who can consent on the LWA page and owns ads accounts. */
public record AmazonUser(String userId, String name, String email, String seededRefreshToken) {
}
