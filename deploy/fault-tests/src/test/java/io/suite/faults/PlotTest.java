package io.suite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plotter renders a chart to a PNG without the fleet: lines, points, a band, a log axis. */
class PlotTest {

    @TempDir
    Path dir;

    @Test
    void rendersSeriesAndABandToAPng() throws IOException {
        Path png = dir.resolve("plots/outage-quotes.png");
        double[] x = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        double[] latency = { 3, 4, 0, 250, 900, 1200, 40, 5, 4, 3 };
        List<Plot.Series> series = List.of(new Plot.Series("ok", x, latency, true, Plot.color(0)),
                new Plot.Series("p99", x, latency, false, Plot.color(1)));

        Plot.write(png, "Quotes through an outage", "seconds", "ms", series, List.of(new Plot.Band(3, 6, "upstreams down")), true);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1100);
        assertThat(image.getHeight()).isEqualTo(480);
        assertThat(contains(image, Plot.BAND)).as("the band is shaded").isTrue();
        assertThat(contains(image, Plot.color(0))).as("the points are drawn").isTrue();
        assertThat(contains(image, Plot.color(1))).as("the line is drawn").isTrue();
    }

    private static boolean contains(BufferedImage image, Color color) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF)) {
                    return true;
                }
            }
        }
        return false;
    }
}
