package io.suite.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 5 runs in deploy/suite-tests (BadInputTest: 1,000+ malformed requests per service through the gateway);
 * its latest result is quoted from that module's surefire report when there is one.
 */
final class BadInputFigures {

    private static final Pattern SUITE = Pattern.compile("<testsuite[^>]*?tests=\"(\\d+)\"[^>]*?errors=\"(\\d+)\"[^>]*?"
            + "skipped=\"(\\d+)\"[^>]*?failures=\"(\\d+)\"");
    private static final Pattern CASE = Pattern.compile("<testcase name=\"([^\"]+)\"[^>]*?time=\"([\\d.,]+)\"");

    private BadInputFigures() {
    }

    static void addTo(Path reports) throws IOException {
        Report.Section s = Report.section("badinput", "5. Bad input");
        Path xml = reports.resolve("TEST-io.suite.suite.BadInputTest.xml");
        if (!Files.exists(xml)) {
            s.intro("Runs in `deploy/suite-tests` (`BadInputTest`, through the gateway of `deploy/local/up`): at least 1,000"
                    + " malformed requests per service generated from its OpenAPI document; every answer must be a documented"
                    + " 4xx problem+json, never a 5xx. No result of it in this workspace yet: run `deploy/local/test` or"
                    + " `deploy/bench/faults --with-suite-tests`.");
            return;
        }
        String text = Files.readString(xml);
        s.intro("From `deploy/suite-tests` (`BadInputTest`, through the gateway of `deploy/local/up`), report of "
                + Files.getLastModifiedTime(xml) + ": at least 1,000 malformed requests per service generated from its OpenAPI"
                + " document (wrong types, huge and broken bodies, path traversal, SQL metacharacters, bad cursors; missing,"
                + " expired, foreign-key and unsigned JWTs); the test fails on any 5xx, any non-problem+json error or any answer"
                + " not as documented.");
        Matcher m = SUITE.matcher(text);
        if (m.find()) {
            int tests = Integer.parseInt(m.group(1));
            int failed = Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(4));
            s.row("services abused / failed (quoted, not run here)", tests + " / " + failed);
        }
        Matcher c = CASE.matcher(text);
        while (c.find()) {
            s.row("  " + c.group(1), "ran " + c.group(2) + " s");
        }
    }
}
