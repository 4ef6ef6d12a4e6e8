package io.suite.resilience.upstream;

/** A 4xx other than 429: our request is wrong or not allowed. Permanent: never retried. */
public sealed class UpstreamRejectedException extends UpstreamException permits UpstreamUnauthorizedException {

    public UpstreamRejectedException(String upstream, int status, String code, String message) {
        super(upstream, status, code, message, null, null);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
