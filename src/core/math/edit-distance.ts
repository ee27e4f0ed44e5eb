/**
 * Edit distance between names, used to suggest the intended name when a user types an
 * unknown one ("knee_angle" -> did you mean "knee_angle_r", "knee_angle_l"?).
 */

/** Levenshtein distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const substitution = previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[t.length];
}

/**
 * Up to `limit` candidates closest to `name`: those containing it (or contained in it)
 * first, then by edit distance, keeping only plausible matches (distance at most about
 * half the name's length).
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const contains = lower.length > 0 && (other.includes(lower) || lower.includes(other));
    const distance = editDistance(name, candidate);
    const plausible = contains || distance <= Math.max(2, Math.ceil(name.length / 2));
    if (plausible) scored.push({ candidate, score: contains ? distance - 1000 : distance });
  }
  scored.sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}

/** " (did you mean "a", "b"?)" or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closestNames(name, candidates);
  return close.length > 0 ? ` (did you mean ${close.map((c) => `"${c}"`).join(', ')}?)` : '';
}
