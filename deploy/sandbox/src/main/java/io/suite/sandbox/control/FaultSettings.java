package io.suite.sandbox.control;

/**
 * Faults injected into one API. All fields optional in the PUT body:
 * {@code {"latencyMs":200,"randomLatencyMinMs":0,"randomLatencyMaxMs":500,"errorRate":0.2,
 * "errorStatus":503,"outageSeconds":30,"throttle":true}}.
 */
public record FaultSettings(
        Long latencyMs,
        Long randomLatencyMinMs,
        Long randomLatencyMaxMs,
        Double errorRate,
        Integer errorStatus,
        Long outageSeconds,
        Boolean throttle) {

    public void validate() {
        if (latencyMs != null && latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must be >= 0");
        }
        long min = randomLatencyMinMs == null ? 0 : randomLatencyMinMs;
        if (min < 0 || (randomLatencyMaxMs != null && randomLatencyMaxMs < min)) {
            throw new IllegalArgumentException("need 0 <= randomLatencyMinMs <= randomLatencyMaxMs");
        }
        if (errorRate != null && (errorRate < 0 || errorRate > 1)) {
            throw new IllegalArgumentException("errorRate must be within 0..1");
        }
        if (errorStatus != null && (errorStatus < 500 || errorStatus > 599)) {
            throw new IllegalArgumentException("errorStatus must be a 5xx status");
        }
        if (outageSeconds != null && outageSeconds < 0) {
            throw new IllegalArgumentException("outageSeconds must be >= 0");
        }
    }
}
