package dev.rampart.board.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart laid out on the server for an inline SVG, so the admin pages need neither script nor inline style.
 * Coordinates are in SVG user units inside a {@code viewBox} of {@link #width} by {@link #height}, and the
 * stylesheet scales the drawing to the page width.
 *
 * @param id the element id prefix, unique on the page
 * @param title the chart's accessible name, also its table caption
 * @param columnHeading the heading of the label column in the text alternative
 * @param labelAnchor the SVG {@code text-anchor} of the bar labels
 * @param valueAnchor the SVG {@code text-anchor} of the counts
 */
public record BarChart(String id, String title, String columnHeading, int width, int height, String labelAnchor,
        String valueAnchor, List<Bar> bars) {

    /** Maximum code points of a label drawn in the SVG. The table and the bar's tooltip show the whole label. */
    static final int MAX_DRAWN_LABEL = 24;

    private static final int WIDTH = 600;
    private static final int ROW_HEIGHT = 22;
    private static final int LABEL_COLUMN = 200;
    private static final int MAX_BAR_LENGTH = 330;
    private static final int COLUMN_WIDTH = 24;
    private static final int PLOT_TOP = 20;
    private static final int PLOT_BOTTOM = 150;

    /**
     * One bar: the whole label for the table and tooltip, the label as drawn, the count, the rectangle, and where
     * the label and count are drawn.
     */
    public record Bar(String label, String drawnLabel, long count, int x, int y, int barWidth, int barHeight,
            int labelX, int labelY, int valueX, int valueY) {
    }

    /** One count to draw, with its label in full and the shorter form drawn in the SVG. */
    record Entry(String label, String drawnLabel, long count) {

        Entry(String label, long count) {
            this(label, label, count);
        }
    }

    /** Lays out one horizontal bar per entry, labels on the left and bar lengths relative to the largest count. */
    static BarChart horizontal(String id, String title, String columnHeading, List<Entry> entries) {
        long max = maxCount(entries);
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            int top = i * ROW_HEIGHT + 2;
            int length = scaled(entry.count(), max, MAX_BAR_LENGTH);
            int baseline = top + ROW_HEIGHT - 7;
            bars.add(new Bar(visible(entry.label()), drawn(entry.drawnLabel()), entry.count(), LABEL_COLUMN + 8, top,
                    length, ROW_HEIGHT - 4, LABEL_COLUMN, baseline, LABEL_COLUMN + 8 + length + 6, baseline));
        }
        return new BarChart(id, title, columnHeading, WIDTH, entries.size() * ROW_HEIGHT + 4, "end", "start", bars);
    }

    /** Lays out one vertical column per entry, left to right, labels below and counts above each column. */
    static BarChart columns(String id, String title, String columnHeading, List<Entry> entries) {
        long max = maxCount(entries);
        int plotHeight = PLOT_BOTTOM - PLOT_TOP;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            int height = scaled(entry.count(), max, plotHeight);
            int left = 12 + i * COLUMN_WIDTH;
            int centre = left + COLUMN_WIDTH / 2;
            bars.add(new Bar(visible(entry.label()), drawn(entry.drawnLabel()), entry.count(), left + 2,
                    PLOT_BOTTOM - height, COLUMN_WIDTH - 4, height, centre, PLOT_BOTTOM + 16, centre,
                    PLOT_BOTTOM - height - 4));
        }
        return new BarChart(id, title, columnHeading, WIDTH, PLOT_BOTTOM + 24, "middle", "middle", bars);
    }

    /**
     * Returns the label with each control character written as an escape ({@code \n}, {@code \r}, {@code \t} or
     * {@code \}{@code uXXXX}), so that an administrator can spot a CR/LF injection attempt instead of a line break.
     */
    static String visible(String label) {
        StringBuilder text = new StringBuilder(label.length());
        label.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        text.append(String.format("\\u%04X", c));
                    }
                    else {
                        text.appendCodePoint(c);
                    }
                }
            }
        });
        return text.toString();
    }

    private static String drawn(String label) {
        String text = visible(label);
        if (text.codePointCount(0, text.length()) <= MAX_DRAWN_LABEL) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_DRAWN_LABEL - 1)) + "\u2026";
    }

    private static long maxCount(List<Entry> entries) {
        return entries.stream().mapToLong(Entry::count).max().orElse(0);
    }

    /** Scales a count to a length, where the largest count gets the full length and any non-zero count at least 1. */
    private static int scaled(long count, long max, int fullLength) {
        if (count == 0 || max == 0) {
            return 0;
        }
        return (int) Math.max(1, Math.round((double) count * fullLength / max));
    }
}
