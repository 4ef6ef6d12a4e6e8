package io.suite.catalog.rest;

final class Asins {

    static final String PATTERN = "[A-Z0-9]{10}";
    static final String MESSAGE = "must be an ASIN: 10 upper-case letters or digits";

    private Asins() {
    }
}
