// "did you mean" for misspelled names: the nearest allowed name by edit distance, if close.
// The distance is fastest-levenshtein's (plain Levenshtein: insertions, deletions, substitutions, each 1, the
// measure the hand-written version used), a kept, dependency-free package, so this file holds only the choice of
// which candidate is close enough.
import { distance } from 'fastest-levenshtein';

export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (!best || d < best.distance) best = { candidate, distance: d };
  }
  // Within a third of the name's length: catches typos and case slips, not unrelated names.
  return best && best.distance <= Math.max(1, Math.floor(name.length / 3)) ? best.candidate : undefined;
}
