package io.suite.faults;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * A small time-series plotter on Java2D and ImageIO (no plotting library on this machine): lines or points per
 * series, optional shaded bands (an outage, a database gap), axes with round ticks, a legend. Headless.
 */
final class Plot {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    static final Color[] PALETTE = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(255, 127, 14), new Color(148, 103, 189), new Color(140, 86, 75), new Color(23, 190, 207),
        new Color(127, 127, 127)};

    record Series(String name, double[] x, double[] y, boolean points, Color color) {
    }

    record Band(double from, double to, String label) {
    }

    private static final int W = 1100;
    private static final int H = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 220;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private Plot() {
    }

    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static void write(Path png, String title, String xLabel, String yLabel, List<Series> series, List<Band> bands, boolean logY)
            throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);

        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                minX = Math.min(minX, s.x()[i]);
                maxX = Math.max(maxX, s.x()[i]);
                double y = logY ? Math.log10(Math.max(s.y()[i], 0.1)) : s.y()[i];
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        for (Band b : bands) {
            minX = Math.min(minX, b.from());
            maxX = Math.max(maxX, b.to());
        }
        if (minX > maxX) {
            minX = 0;
            maxX = 1;
            minY = 0;
            maxY = 1;
        }
        if (!logY) {
            minY = Math.min(0, minY);
        } else {
            minY = Math.floor(minY);
            maxY = Math.ceil(maxY);
        }
        if (maxY <= minY) {
            maxY = minY + 1;
        }
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        double[] yTicks = logY ? logTicks(minY, maxY) : ticks(minY, maxY);
        if (!logY) {
            maxY = Math.max(maxY, yTicks[yTicks.length - 1]);
        }
        double[] xTicks = ticks(minX, maxX);
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        final double x0 = minX, x1 = maxX, y0 = minY, y1 = maxY;
        java.util.function.DoubleUnaryOperator px = x -> LEFT + (x - x0) / (x1 - x0) * pw;
        java.util.function.DoubleUnaryOperator py = y -> TOP + ph - (y - y0) / (y1 - y0) * ph;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (Band b : bands) {
            g.setColor(new Color(255, 220, 200));
            double a = px.applyAsDouble(b.from()), z = px.applyAsDouble(b.to());
            g.fill(new Rectangle2D.Double(a, TOP, Math.max(1, z - a), ph));
            g.setColor(new Color(170, 80, 40));
            g.drawString(b.label(), (float) a + 4, TOP + 14);
        }
        g.setColor(new Color(230, 230, 230));
        for (double t : yTicks) {
            g.draw(new Line2D.Double(LEFT, py.applyAsDouble(t), LEFT + pw, py.applyAsDouble(t)));
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, pw, ph);
        for (double t : yTicks) {
            String label = logY ? format(Math.pow(10, t)) : format(t);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), (float) py.applyAsDouble(t) + 4);
        }
        for (double t : xTicks) {
            double x = px.applyAsDouble(t);
            g.draw(new Line2D.Double(x, TOP + ph, x, TOP + ph + 4));
            String label = format(t);
            g.drawString(label, (float) x - g.getFontMetrics().stringWidth(label) / 2f, TOP + ph + 18);
        }
        g.drawString(xLabel, LEFT + pw / 2f - g.getFontMetrics().stringWidth(xLabel) / 2f, H - 10);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        gy.drawString(yLabel + (logY ? " (log)" : ""), -(TOP + ph / 2f) - gy.getFontMetrics().stringWidth(yLabel) / 2f, 18);
        gy.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 24);

        g.setClip(LEFT, TOP, pw + 1, ph + 1);
        for (Series s : series) {
            g.setColor(s.color());
            if (s.points()) {
                for (int i = 0; i < s.x().length; i++) {
                    double y = logY ? Math.log10(Math.max(s.y()[i], 0.1)) : s.y()[i];
                    g.fill(new Rectangle2D.Double(px.applyAsDouble(s.x()[i]) - 1.5, py.applyAsDouble(y) - 1.5, 3, 3));
                }
            } else {
                g.setStroke(new BasicStroke(1.8f));
                for (int i = 1; i < s.x().length; i++) {
                    double ya = logY ? Math.log10(Math.max(s.y()[i - 1], 0.1)) : s.y()[i - 1];
                    double yb = logY ? Math.log10(Math.max(s.y()[i], 0.1)) : s.y()[i];
                    g.draw(new Line2D.Double(px.applyAsDouble(s.x()[i - 1]), py.applyAsDouble(ya), px.applyAsDouble(s.x()[i]),
                            py.applyAsDouble(yb)));
                }
            }
        }
        g.setClip(null);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int ly = TOP + 8;
        for (Series s : series) {
            g.setColor(s.color());
            g.fillRect(W - RIGHT + 14, ly, 12, 12);
            g.setColor(Color.DARK_GRAY);
            g.drawString(s.name() + " (" + s.x().length + ")", W - RIGHT + 32, ly + 11);
            ly += 20;
        }
        g.dispose();
        Files.createDirectories(png.getParent());
        ImageIO.write(img, "png", png.toFile());
    }

    static double[] ticks(double min, double max) {
        double span = max - min;
        double step = Math.pow(10, Math.floor(Math.log10(span / 6)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (span / (step * m) <= 7) {
                step *= m;
                break;
            }
        }
        double start = Math.floor(min / step) * step;
        int n = (int) Math.ceil((max - start) / step) + 1;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = start + i * step;
        }
        return out;
    }

    private static double[] logTicks(double min, double max) {
        int n = (int) (max - min) + 1;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = min + i;
        }
        return out;
    }

    static String format(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return String.format(Locale.ROOT, "%d", (long) Math.rint(v));
        }
        return String.format(Locale.ROOT, Math.abs(v) < 1 ? "%.2f" : "%.1f", v);
    }
}
