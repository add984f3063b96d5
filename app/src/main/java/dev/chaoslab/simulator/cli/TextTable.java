package dev.chaoslab.simulator.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns: text left-aligned, numbers right-aligned. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] numeric;

    TextTable(String[] header, boolean[] numeric) {
        this.numeric = numeric;
        rows.add(header);
    }

    TextTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    int size() {
        return rows.size() - 1;
    }

    String render(String indent) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], cell(row, c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < columns; c++) {
                String cell = cell(rows.get(r), c);
                String pad = " ".repeat(width[c] - cell.length());
                line.append(numeric[c] && r > 0 ? pad + cell : cell + pad).append(c < columns - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String cell(String[] row, int c) {
        return c < row.length && row[c] != null ? row[c] : "";
    }
}
