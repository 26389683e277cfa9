/** Levenshtein distance of two strings (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length]!;
}

// Spelling variants (`default_enabled`, `DefaultEnabled`) should land on the camelCase key they mean.
const loose = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/** Whether every character of `short` appears in `long`, in order (`parentId` in `parentSegmentId`). */
function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const char of long) if (char === short[at]) at++;
  return at === short.length;
}

/**
 * How far `key` is from `candidate`, 0–1: the edit distance ignoring case, `_` and `-`, over the
 * longer length (so `id` is not "close" to every short key), halved when one holds the other's
 * letters in order (a shortened or lengthened name is a likelier meaning).
 */
function looseDistance(key: string, candidate: string): number {
  const a = loose(key);
  const b = loose(candidate);
  const distance = editDistance(a, b) / Math.max(a.length, b.length, 1);
  return isSubsequence(a, b) || isSubsequence(b, a) ? distance / 2 : distance;
}

/**
 * The known key closest to `key` (see {@link looseDistance}), ties broken by the exact edit distance,
 * then by the order of `known`. `undefined` only when `known` is empty.
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestLoose = Number.POSITIVE_INFINITY;
  let bestExact = Number.POSITIVE_INFINITY;
  // Bounded: an attacker-sized key must not make validation quadratic in its length.
  const probe = key.slice(0, 100);
  for (const candidate of known) {
    const distance = looseDistance(probe, candidate);
    if (distance > bestLoose) continue;
    const exactDistance = editDistance(probe, candidate);
    if (distance < bestLoose || exactDistance < bestExact) {
      best = candidate;
      bestLoose = distance;
      bestExact = exactDistance;
    }
  }
  return best;
}

/** `unknown key (did you mean "rolloutPercentage"?)`. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const closest = closestKey(key, known);
  return closest === undefined ? 'unknown key' : `unknown key (did you mean ${JSON.stringify(closest)}?)`;
}
