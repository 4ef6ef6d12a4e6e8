package io.suite.resilience.upstream;

import java.util.regex.Pattern;

/** Masks anything that looks like a credential before it can reach a log line, an exception or an API response. */
public final class Redaction {

    private static final int MAX_LENGTH = 500;
    private static final String MASK = "***";
    /** Each pattern keeps its group 1 (the field name or scheme) and masks the rest of the match. */
    private static final Pattern[] SECRETS = {
            // LWA access/refresh tokens, wherever they appear
            Pattern.compile("()Atz[ar]\\|[^\\s\"',;&]*"),
            // bearer and basic credentials
            Pattern.compile("(?i)((?:bearer|basic)\\s+)[^\\s\"',;]+"),
            // key=value and "key":"value" forms of secret-bearing fields
            Pattern.compile("(?i)((?:access_token|refresh_token|id_token|client_secret|apikey|api_key|password|secret|token)"
                    + "\"?\\s*[=:]\\s*\"?)[^\\s\"',;&]+"),
            // AWS SigV4 pieces
            Pattern.compile("(Credential=)[^\\s,]+"),
            Pattern.compile("(Signature=)[0-9a-fA-F]+"),
    };

    private Redaction() {
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
        for (Pattern p : SECRETS) {
            out = p.matcher(out).replaceAll("$1" + MASK);
        }
        return out;
    }
}
