package dev.writ.cli.assess;

import java.util.ArrayDeque;

/** IAM's wildcards ({@code *} any run of characters, {@code ?} one) compared pattern to pattern. */
final class Globs {
    private Globs() {
    }

    /**
     * Whether some string matches both patterns, e.g. a policy's {@code Resource} and the ARNs a
     * function may have: a walk of both patterns at once, each {@code *} either ending or taking
     * one more character (or the other pattern's {@code *}) of the other side.
     */
    static boolean intersect(String a, String b) {
        int n = a.length();
        int m = b.length();
        boolean[][] seen = new boolean[n + 1][m + 1];
        ArrayDeque<int[]> todo = new ArrayDeque<>();
        todo.push(new int[] {0, 0});
        seen[0][0] = true;
        while (!todo.isEmpty()) {
            int[] s = todo.pop();
            int i = s[0];
            int j = s[1];
            if (i == n && j == m) {
                return true;
            }
            boolean starA = i < n && a.charAt(i) == '*';
            boolean starB = j < m && b.charAt(j) == '*';
            if (starA) {
                visit(seen, todo, i + 1, j);
                if (j < m) {
                    visit(seen, todo, i, j + 1);
                }
            }
            if (starB) {
                visit(seen, todo, i, j + 1);
                if (i < n) {
                    visit(seen, todo, i + 1, j);
                }
            }
            if (!starA && !starB && i < n && j < m && (a.charAt(i) == b.charAt(j) || a.charAt(i) == '?' || b.charAt(j) == '?')) {
                visit(seen, todo, i + 1, j + 1);
            }
        }
        return false;
    }

    private static void visit(boolean[][] seen, ArrayDeque<int[]> todo, int i, int j) {
        if (!seen[i][j]) {
            seen[i][j] = true;
            todo.push(new int[] {i, j});
        }
    }
}
