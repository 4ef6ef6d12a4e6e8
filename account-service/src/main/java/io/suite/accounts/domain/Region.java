package io.suite.accounts.domain;

/** Ads API regions; each host answers /v2/profiles only for its own region's marketplaces. */
public enum Region {
    NA,
    EU,
    FE
}
