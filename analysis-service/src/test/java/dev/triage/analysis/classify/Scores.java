package dev.triage.analysis.classify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Precision, recall and F1 per class, macro-F1 and the confusion matrix of predictions against labels. */
final class Scores {

    static final List<String> CLASSES = List.of(Classification.CODE_ISSUE, Classification.PRODUCT_BUG, Classification.INFRASTRUCTURE);

    private final Map<String, Map<String, Integer>> matrix = new LinkedHashMap<>();
    private int total;
    private int correct;

    Scores() {
        for (String actual : CLASSES) {
            Map<String, Integer> row = new LinkedHashMap<>();
            CLASSES.forEach(p -> row.put(p, 0));
            matrix.put(actual, row);
        }
    }

    void add(String label, String predicted) {
        matrix.get(label).merge(predicted, 1, Integer::sum);
        total++;
        if (label.equals(predicted)) {
            correct++;
        }
    }

    double precision(String c) {
        int predicted = CLASSES.stream().mapToInt(a -> matrix.get(a).get(c)).sum();
        return predicted == 0 ? 0 : (double) matrix.get(c).get(c) / predicted;
    }

    double recall(String c) {
        int actual = matrix.get(c).values().stream().mapToInt(Integer::intValue).sum();
        return actual == 0 ? 0 : (double) matrix.get(c).get(c) / actual;
    }

    double f1(String c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    double macroF1() {
        return CLASSES.stream().mapToDouble(this::f1).average().orElse(0);
    }

    double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    int total() {
        return total;
    }

    String report(String title) {
        StringBuilder out = new StringBuilder();
        out.append(title).append(" (").append(total).append(" failure groups)\n");
        out.append(String.format(Locale.ROOT, "%-16s %9s %9s %9s %8s%n", "class", "precision", "recall", "F1", "support"));
        for (String c : CLASSES) {
            int support = matrix.get(c).values().stream().mapToInt(Integer::intValue).sum();
            out.append(String.format(Locale.ROOT, "%-16s %9.3f %9.3f %9.3f %8d%n", c, precision(c), recall(c), f1(c), support));
        }
        out.append(String.format(Locale.ROOT, "macro-F1 %.3f, accuracy %.3f%n", macroF1(), accuracy()));
        out.append("confusion (rows: label, columns: predicted)\n");
        out.append(String.format(Locale.ROOT, "%-16s", ""));
        CLASSES.forEach(c -> out.append(String.format(Locale.ROOT, " %14s", c)));
        out.append('\n');
        for (String actual : CLASSES) {
            out.append(String.format(Locale.ROOT, "%-16s", actual));
            CLASSES.forEach(p -> out.append(String.format(Locale.ROOT, " %14d", matrix.get(actual).get(p))));
            out.append('\n');
        }
        return out.toString();
    }
}
