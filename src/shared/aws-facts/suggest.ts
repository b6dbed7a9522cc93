/** "Did you mean": the candidates nearest to a misspelt name by edit distance. */

/** Levenshtein distance, with a transposition of neighbours counting as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * Up to `limit` candidates closest to `name`. Same-family candidates come first when the family is
 * right ('m5.larg' -> m5.large), so a typo in the size does not suggest another family.
 */
export function closestNames(name: string, candidates: readonly string[], limit: number): string[] {
  const family = name.split('.')[0] ?? '';
  const scored = candidates.map((candidate) => {
    const sameFamily = candidate.split('.')[0] === family;
    return { candidate, score: editDistance(name, candidate) - (sameFamily ? 0.5 : 0) };
  });
  const threshold = Math.max(2, Math.ceil(name.length / 3));
  return scored
    .filter((s) => s.score <= threshold)
    .sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}
