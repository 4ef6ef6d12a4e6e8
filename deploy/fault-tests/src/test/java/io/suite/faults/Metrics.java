package io.suite.faults;

import java.util.Optional;

/** Reads values from a Prometheus text page (/q/metrics): one metric name, summed over the series that match. */
final class Metrics {

    private Metrics() {
    }

    static Optional<String> scrape(Proc p) {
        Http.Answer a = Http.get(p.management() + "/q/metrics", null);
        return a.status() == 200 ? Optional.of(a.body()) : Optional.empty();
    }

    /** Sum of {@code name} over every series whose labels contain all of {@code labelParts} (e.g. {@code area="heap"}). */
    static double sum(String page, String name, String... labelParts) {
        double total = 0;
        for (String line : page.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String metric = brace > 0 ? line.substring(0, brace) : line.substring(0, space);
            if (!metric.equals(name)) {
                continue;
            }
            String labels = brace > 0 ? line.substring(brace, line.indexOf('}') + 1) : "";
            boolean match = true;
            for (String part : labelParts) {
                match &= labels.contains(part);
            }
            if (match) {
                try {
                    total += Double.parseDouble(line.substring(space + 1).trim());
                } catch (NumberFormatException e) {
                    // NaN or a timestamped sample: not a figure
                }
            }
        }
        return total;
    }

    /** Whether any series of {@code name} exists on the page. */
    static boolean has(String page, String name) {
        return page.contains("\n" + name + "{") || page.contains("\n" + name + " ");
    }
}
