package io.suite.catalog.domain;

/** The regions Amazon's product APIs split marketplaces into: a Creators credential is valid in one of them. */
public enum StoreRegion {
    NA,
    EU,
    FE;

    /** The region of a marketplace, from the PA-API signing region of its host (us-east-1, eu-west-1, us-west-2). */
    public static StoreRegion ofPaapiRegion(String paapiRegion) {
        return switch (paapiRegion) {
            case "us-east-1" -> NA;
            case "eu-west-1" -> EU;
            case "us-west-2" -> FE;
            default -> throw new IllegalArgumentException("unknown PA-API region " + paapiRegion);
        };
    }
}
