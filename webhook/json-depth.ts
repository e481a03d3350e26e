// How deeply a JSON text nests, found by a scan that skips strings, before anything parses it. An
// AdmissionReview nests a few dozen levels; a body nested thousands deep would overflow the stack of
// every recursive step after parsing (cloning, diffing), so it is refused up front with a 400.
export const MAX_JSON_DEPTH = 512;

/** True when the text nests arrays and objects deeper than `limit`. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \\ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}
