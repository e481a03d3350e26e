// How deeply a JSON body nests, found by a scan that skips strings, before anything parses it. An
// AdmissionReview nests a few dozen levels; a body nested thousands deep would overflow the stack of
// every recursive step after parsing (cloning, diffing), so it is refused up front with a 400.
export const MAX_JSON_DEPTH = 512;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * True when the UTF-8 JSON bytes nest arrays and objects deeper than `limit`. It reads the bytes, not a
 * decoded string: every request pays for this scan, and bytes are about three times faster to walk. UTF-8
 * is safe to scan so: the bytes of a multi-byte character are all 0x80 or above, never a quote, a
 * backslash or a bracket.
 */
export function nestsDeeperThan(json: Uint8Array, limit: number): boolean {
  let depth = 0;
  const end = json.length;
  for (let i = 0; i < end; i++) {
    const c = json[i];
    if (c === QUOTE) {
      // To the closing quote, stepping over escaped characters.
      for (i++; i < end; i++) {
        const d = json[i];
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}
