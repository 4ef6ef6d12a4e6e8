package io.suite.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures the scenarios measured, written at the end of the run as Markdown (and the plots as PNG beside it). Each
 * scenario adds one section; a figure with a goal records whether it met it, so the report shows what passed.
 */
final class Report {

    record Row(String figure, String measured, String goal, Boolean pass) {
    }

    static final class Section {
        final String title;
        final List<String> intro = new ArrayList<>();
        final List<Row> rows = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<String> images = new ArrayList<>();

        Section(String title) {
            this.title = title;
        }

        Section intro(String text) {
            intro.add(text);
            return this;
        }

        Section row(String figure, Object measured, String goal, Boolean pass) {
            rows.add(new Row(figure, String.valueOf(measured), goal, pass));
            return this;
        }

        Section row(String figure, Object measured) {
            return row(figure, measured, "", null);
        }

        Section note(String text) {
            notes.add(text);
            return this;
        }

        Section image(String file, String caption) {
            images.add("![" + caption + "](faults/" + file + ")");
            return this;
        }
    }

    private static final Map<String, Section> SECTIONS = new LinkedHashMap<>();
    static final List<String> HEADER = new ArrayList<>();

    private Report() {
    }

    static synchronized Section section(String key, String title) {
        return SECTIONS.computeIfAbsent(key, k -> new Section(title));
    }

    static synchronized boolean has(String key) {
        return SECTIONS.containsKey(key);
    }

    static synchronized void write(Path markdown, FaultProfile profile, String started) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Fault, load and abuse suite (issue 9)\n\n");
        md.append("Profile **").append(profile.name()).append("**, run ").append(started).append(" to ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (shared with other work), PostgreSQL 15 on 127.0.0.1, loopback only. ")
                .append("Written by `deploy/fault-tests` (")
                .append(profile.full() ? "`deploy/bench/faults`, the full versions" : "the CI short versions")
                .append("); every figure comes from the sandbox's counters, the database or the services' own answers.\n\n");
        HEADER.forEach(h -> md.append(h).append("\n"));
        if (!HEADER.isEmpty()) {
            md.append("\n");
        }
        List<Section> ordered = new ArrayList<>(SECTIONS.values());
        // scenarios in the order (1. ... 7.), whatever order they ran in
        ordered.sort(Comparator.comparing(x -> x.title));
        for (Section s : ordered) {
            md.append("## ").append(s.title).append("\n\n");
            s.intro.forEach(t -> md.append(t).append("\n\n"));
            if (!s.rows.isEmpty()) {
                md.append("| figure | measured | goal | |\n|---|---:|---|---|\n");
                for (Row r : s.rows) {
                    md.append("| ").append(r.figure()).append(" | ").append(r.measured()).append(" | ").append(r.goal())
                            .append(" | ").append(r.pass() == null ? "" : r.pass() ? "pass" : "**FAIL**").append(" |\n");
                }
                md.append("\n");
            }
            s.notes.forEach(n -> md.append("- ").append(n).append("\n"));
            if (!s.notes.isEmpty()) {
                md.append("\n");
            }
            s.images.forEach(i -> md.append(i).append("\n\n"));
        }
        Files.createDirectories(markdown.getParent());
        Files.writeString(markdown, md.toString());
    }
}
