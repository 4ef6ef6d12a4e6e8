package io.suite.faults;

import java.time.Duration;

/**
 * How long and how hard each scenario runs. {@code short} (the default) is what CI runs in a few minutes;
 * {@code full} ({@code -Dfaults.profile=full} or {@code FAULTS_PROFILE=full}, used by deploy/bench/faults) runs the
 * same scenario code with the real durations and adds the overload and soak scenarios.
 */
public record FaultProfile(String name, int trafficPerSecond, Duration postgresGap, Duration outage, Duration breakerDelay,
        int backlogProducts, int killProducts, int killTokens, int marketdataReplicas, Duration overload, Duration soak) {

    static final FaultProfile SHORT = new FaultProfile("short", 20, Duration.ofSeconds(8), Duration.ofSeconds(20),
            Duration.ofSeconds(3), 200, 2000, 1000, 1, Duration.ZERO, Duration.ZERO);

    static final FaultProfile FULL = new FaultProfile("full", 40, Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofSeconds(30), 2000, 2000, 1000, 3, Duration.ofMinutes(3), Duration.ofMinutes(30));

    static FaultProfile current() {
        String name = System.getProperty("faults.profile", System.getenv().getOrDefault("FAULTS_PROFILE", "short"));
        FaultProfile base = "full".equals(name) ? FULL : SHORT;
        // the soak, the outage and the overload can be shortened for a trial of the full runner
        Duration soak = minutes("FAULTS_SOAK_MINUTES", base.soak);
        Duration outage = seconds("FAULTS_OUTAGE_SECONDS", base.outage);
        Duration overload = seconds("FAULTS_OVERLOAD_SECONDS", base.overload);
        return new FaultProfile(base.name, base.trafficPerSecond, base.postgresGap, outage, base.breakerDelay,
                base.backlogProducts, base.killProducts, base.killTokens, base.marketdataReplicas, overload, soak);
    }

    boolean full() {
        return "full".equals(name);
    }

    private static Duration minutes(String env, Duration fallback) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : Duration.ofSeconds(Math.round(Double.parseDouble(v) * 60));
    }

    private static Duration seconds(String env, Duration fallback) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : Duration.ofSeconds(Long.parseLong(v));
    }
}
