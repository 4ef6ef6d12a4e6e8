package io.suite.faults;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Time-series charts of the fault scenarios on JFreeChart: lines or points per series, optional shaded bands (an
 * outage, a database gap), a legend with each series' point count. Headless.
 */
final class Plot {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    static final Color[] PALETTE = { new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(255, 127, 14), new Color(148, 103, 189), new Color(140, 86, 75), new Color(23, 190, 207),
            new Color(127, 127, 127) };
    static final Color BAND = new Color(255, 220, 200);

    record Series(String name, double[] x, double[] y, boolean points, Color color) {
    }

    record Band(double from, double to, String label) {
    }

    private static final int W = 1100;
    private static final int H = 480;
    /** A log axis cannot show zero: smaller values are drawn at this floor. */
    private static final double LOG_FLOOR = 0.1;

    private Plot() {
    }

    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static void write(Path png, String title, String xLabel, String yLabel, List<Series> series, List<Band> bands, boolean logY)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            // unsorted, duplicates allowed: the points are drawn in the order they were measured
            XYSeries xy = new XYSeries(s.name() + " (" + s.x().length + ")", false, true);
            for (int j = 0; j < s.x().length; j++) {
                xy.add(s.x()[j], logY ? Math.max(s.y()[j], LOG_FLOOR) : s.y()[j]);
            }
            data.addSeries(xy);
            renderer.setSeriesPaint(i, s.color());
            renderer.setSeriesLinesVisible(i, !s.points());
            renderer.setSeriesShapesVisible(i, s.points());
            renderer.setSeriesShape(i, new Rectangle2D.Double(-1.5, -1.5, 3, 3));
            renderer.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setAutoRangeIncludesZero(false);
        ValueAxis yAxis;
        if (logY) {
            LogAxis log = new LogAxis(yLabel + " (log)");
            log.setSmallestValue(LOG_FLOOR);
            // a tick per decade, labelled 0.1, 1, 10, ... rather than as powers
            log.setTickUnit(new NumberTickUnit(1));
            log.setNumberFormatOverride(new DecimalFormat("0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            yAxis = log;
        } else {
            NumberAxis linear = new NumberAxis(yLabel);
            linear.setAutoRangeIncludesZero(true);
            yAxis = linear;
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(new Color(230, 230, 230));
        for (Band b : bands) {
            IntervalMarker marker = new IntervalMarker(b.from(), b.to(), BAND);
            marker.setAlpha(1f); // opaque, behind the data: the band's colour as it is
            marker.setLabel(b.label());
            marker.setLabelPaint(new Color(170, 80, 40));
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker, Layer.BACKGROUND);
        }
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.RIGHT);
        Files.createDirectories(png.getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, W, H);
    }
}
