package io.suite.sandbox.paapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The sandbox's SigV4 verifier reproduces every canonical request and signature of AWS's published test suite. */
class SigV4Test {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @TestFactory
    Stream<DynamicTest> awsTestSuite() throws Exception {
        Path root = Paths.get(getClass().getResource("/aws_sigv4").toURI());
        List<Path> cases;
        try (Stream<Path> s = Files.walk(root)) {
            cases = s.filter(p -> p.toString().endsWith(".req")).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
        return cases.stream().map(req -> DynamicTest.dynamicTest(req.getFileName().toString(), () -> check(req)));
    }

    private static void check(Path reqFile) throws IOException {
        String base = reqFile.toString().substring(0, reqFile.toString().length() - 4);
        String raw = Files.readString(reqFile, StandardCharsets.UTF_8);
        String expectedCreq = Files.readString(Paths.get(base + ".creq"), StandardCharsets.UTF_8);
        String authz = Files.readString(Paths.get(base + ".authz"), StandardCharsets.UTF_8);

        String[] headAndBody = raw.split("\n\n", 2);
        String[] lines = headAndBody[0].split("\n");
        String requestLine = lines[0];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(" HTTP/"));
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        Map<String, List<String>> headers = new TreeMap<>();
        String last = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                headers.get(last).add(line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            last = line.substring(0, colon).toLowerCase();
            headers.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1));
        }
        byte[] body = headAndBody.length > 1 ? headAndBody[1].getBytes(StandardCharsets.UTF_8) : new byte[0];

        SigV4.Authorization a = SigV4.parse(authz);
        assertThat(a).as("authz parses").isNotNull();
        SigV4.Request r = new SigV4.Request(method, path, query, headers, body);
        String creq = SigV4.canonicalRequest(r, a.signedHeaders());
        assertThat(creq).isEqualTo(expectedCreq);
        String sts = SigV4.stringToSign(headers.get("x-amz-date").get(0), a.scope(), creq);
        assertThat(SigV4.signature(SECRET, a.date(), a.region(), a.service(), sts)).isEqualTo(a.signature());
    }
}
