package io.suite.faults;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The mixed traffic of the scenarios: reads and acknowledged writes on every service, spread over its instances. */
final class Workload {

    private Workload() {
    }

    static List<Traffic.Op> mixed(Fleet f, Seeds.AccountsUser u, List<String> importAsins, List<String> tickers) {
        String user = f.tokens.user(u.user());
        List<Traffic.Op> ops = new ArrayList<>();
        ops.add(new Traffic.Op("catalog", "list products", 5, false, n -> new Traffic.Call(
                Http.request(pick(f.catalog, n).base() + "/api/v1/catalog/products?limit=20", null).GET().build(), null)));
        ops.add(new Traffic.Op("catalog", "import product", 3, true, n -> {
            String asin = importAsins.get((int) (n % importAsins.size()));
            return new Traffic.Call(Http.request(pick(f.catalog, n).base() + "/api/v1/catalog/products/import", f.admin)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"asin\":\"" + asin + "\",\"marketplace\":\"www.amazon.com\"}"))
                    .build(), asin);
        }));
        ops.add(new Traffic.Op("accounts", "list accounts", 5, false, n -> new Traffic.Call(
                Http.request(pick(f.accounts, n).base() + "/api/v1/accounts?limit=20", user).GET().build(), null)));
        ops.add(new Traffic.Op("accounts", "label accounts", 3, true, n -> {
            UUID account = u.accounts().get((int) (n % u.accounts().size()));
            String label = "fault-" + n;
            return new Traffic.Call(Http.request(pick(f.accounts, n).base() + "/api/v1/accounts/batch", user)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"update\",\"ids\":[\"" + account + "\"],\"labels\":{\""
                            + label + "\":\"1\"}}"))
                    .build(), account + "|" + label);
        }));
        ops.add(new Traffic.Op("marketdata", "quote", 4, false, n -> new Traffic.Call(
                Http.request(pick(f.marketdata, n).base() + "/api/v1/market-data/" + tickers.get((int) (n % tickers.size()))
                        + "/quote", user).GET().build(),
                tickers.get((int) (n % tickers.size())))));
        return ops;
    }

    /** Spreads requests over the instances; a hash of the sequence number, since each op's numbers follow a stride. */
    static Proc pick(List<Proc> instances, long n) {
        return instances.get(Math.floorMod(Long.hashCode(n * 0x9E3779B97F4A7C15L), instances.size()));
    }
}
