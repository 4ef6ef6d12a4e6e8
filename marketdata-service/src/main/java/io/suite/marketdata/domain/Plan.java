package io.suite.marketdata.domain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A declared Massive plan: the families the key may call, how far back its history goes and whether its aggregates
 * are end-of-day only. The named tiers follow Massive's stock plans (Basic = the free plan: end-of-day aggregates,
 * reference data, 2 years; Starter: + 15-minute delayed snapshots, 5 years; Developer: + trades, 10 years; Advanced:
 * + quotes (NBBO), real time, 20 years) and are applied to every market; a list of families declares anything else.
 */
public record Plan(String name, Set<DataFamily> families, Optional<Integer> historyYears, boolean endOfDay, boolean realTime) {

    public static final List<String> TIERS = List.of("basic", "starter", "developer", "advanced");

    public Plan {
        families = families.isEmpty() ? EnumSet.noneOf(DataFamily.class) : EnumSet.copyOf(families);
    }

    public boolean includes(DataFamily family) {
        return families.contains(family);
    }

    /**
     * Parses {@code marketdata.polygon.plan}: a tier name, or a comma-separated list of families
     * ({@code stocks.aggregates,stocks.snapshots,options.reference}). The error message names what was wrong.
     */
    public static Plan parse(String value, Optional<Integer> historyYears, Optional<Boolean> endOfDay) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        int tier = TIERS.indexOf(v);
        if (tier >= 0) {
            Set<DataFamily> families = EnumSet.noneOf(DataFamily.class);
            for (DataFamily f : DataFamily.values()) {
                if (f.kind().ordinal() <= DataFamily.Kind.REFERENCE.ordinal() + tier) {
                    families.add(f);
                }
            }
            int years = historyYears.orElse(new int[] { 2, 5, 10, 20 }[tier]);
            return new Plan(v, families, Optional.of(years), endOfDay.orElse(tier == 0), tier == 3);
        }
        List<String> unknown = new ArrayList<>();
        Set<DataFamily> families = EnumSet.noneOf(DataFamily.class);
        for (String part : v.split(",")) {
            DataFamily f = DataFamily.fromLabel(part.strip());
            if (f == null) {
                unknown.add(part.strip());
            } else {
                families.add(f);
            }
        }
        if (!unknown.isEmpty() || families.isEmpty()) {
            throw new IllegalArgumentException("marketdata.polygon.plan (POLYGON_PLAN) must be one of " + TIERS
                    + " or a comma-separated list of families such as stocks.aggregates,options.reference; unknown: " + unknown);
        }
        boolean realTime = families.stream().anyMatch(f -> f.kind() == DataFamily.Kind.NBBO);
        boolean eod = endOfDay.orElse(families.stream().noneMatch(f -> f.kind() == DataFamily.Kind.SNAPSHOTS));
        return new Plan("custom", families, historyYears, eod, realTime);
    }
}
