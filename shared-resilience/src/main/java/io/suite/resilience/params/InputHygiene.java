package io.suite.resilience.params;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.suite.resilience.problem.ProblemException;
import jakarta.ws.rs.core.UriInfo;

/**
 * Refuses NUL characters and text that is not valid UTF-8 in query and path parameters with a 400 naming the parameter.
 * Postgres rejects NUL in text (a 500 before this), and Vert.x/RESTEasy decode broken percent-encoded UTF-8
 * ({@code %C3%28}, a lone surrogate {@code %ED%A0%80}) to U+FFFD silently, so the raw query and path are decoded
 * here with a strict decoder. JSON bodies are checked by {@link JsonStringHygiene}.
 */
public class InputHygiene {

    @ServerRequestFilter(priority = 100)
    public void check(UriInfo uri) {
        String rawQuery = uri.getRequestUri().getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String name = decode(rawName, true);
                if (name == null || !clean(name)) {
                    throw ProblemException.invalidField("query", "parameter names must be valid UTF-8 without NUL");
                }
                if (eq >= 0) {
                    String value = decode(pair.substring(eq + 1), true);
                    if (value == null || !clean(value)) {
                        throw ProblemException.invalidField(name, INVALID_TEXT);
                    }
                }
            }
        }
        String rawPath = uri.getRequestUri().getRawPath();
        if (rawPath != null && rawPath.indexOf('%') >= 0) {
            for (String segment : rawPath.split("/")) {
                String decoded = decode(segment, false);
                if (decoded == null || !clean(decoded)) {
                    throw ProblemException.invalidField(pathParameter(uri), INVALID_TEXT);
                }
            }
        }
    }

    static final String INVALID_TEXT = "must be valid UTF-8 text without NUL characters";

    /** Text a client may send: no NUL, no U+FFFD standing for bytes that were not UTF-8, no lone surrogates. */
    public static boolean clean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Strict percent-decoding to UTF-8; null when an escape is malformed or the bytes are not UTF-8. */
    static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0) {
            return plusIsSpace ? raw.replace('+', ' ') : raw;
        }
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes[n++] = ' ';
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                // not legal in a raw URI; Vert.x would have refused it already
                return null;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The path parameter whose (leniently decoded) value shows the damage, else {@code path}. */
    private static String pathParameter(UriInfo uri) {
        for (Map.Entry<String, List<String>> e : uri.getPathParameters().entrySet()) {
            for (String v : e.getValue()) {
                if (v.indexOf('\0') >= 0 || v.indexOf('\uFFFD') >= 0 || !clean(v)) {
                    return e.getKey();
                }
            }
        }
        return "path";
    }
}
