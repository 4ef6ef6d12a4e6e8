package io.suite.resilience.upstream;

/** HTTP 401: the credential or token was refused. A client drops its cached token and may fetch a new one once. */
public final class UpstreamUnauthorizedException extends UpstreamRejectedException {

    public UpstreamUnauthorizedException(String upstream, String code, String message) {
        super(upstream, 401, code, message);
    }
}
