// Kubernetes resource quantities (`1Gi`, `500m`, `1e3`), so rules can compare sizes the way the API
// server does ("storage cannot shrink"). Follows the grammar of k8s.io/apimachinery resource.Quantity:
// https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
//
//   <quantity> ::= <signedNumber><suffix>
//   <suffix>   ::= <binarySI> | <decimalExponent> | <decimalSI>
//   <binarySI> ::= Ki | Mi | Gi | Ti | Pi | Ei
//   <decimalSI> ::= n | u | m | "" | k | M | G | T | P | E
//   <decimalExponent> ::= "e" <signedInteger> | "E" <signedInteger>
//   <number>   ::= <digits> | <digits>.<digits> | <digits>. | .<digits>

const BINARY_POWERS: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_POWERS: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// The exponent is an integer, as apimachinery's parser reads it (a decimal exponent is ErrFormatWrong there).
const QUANTITY = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?\d+)|([numkMGTPE]?))$/;

// Beyond this no manifest means what it says, and BigInt powers would grow without bound.
const MAX_EXPONENT = 1000;

/** A quantity exactly: sign × mantissa × 10^exp10 × 2^exp2. */
interface ExactQuantity {
  negative: boolean;
  mantissa: bigint;
  exp10: number;
  exp2: number;
}

function parseExact(value: unknown): ExactQuantity | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // YAML gives numbers; their shortest form (String(1e21) is "1e+21") is in the grammar too.
    return parseExact(String(value));
  }
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const [, sign, intDigits, fracAfterInt, fracOnly, binary, exponent, decimal] = match;
  const integerPart = intDigits ?? '';
  const fraction = fracAfterInt ?? fracOnly ?? '';
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (binary !== undefined) exp2 = BINARY_POWERS[binary] ?? 0;
  else if (exponent !== undefined) exp10 += Number(exponent);
  else exp10 += DECIMAL_POWERS[decimal ?? ''] ?? 0;
  if (exponent !== undefined && Math.abs(Number(exponent)) > MAX_EXPONENT) return undefined;
  return { negative: sign === '-', mantissa: BigInt(integerPart + fraction || '0'), exp10, exp2 };
}

function toNumber(q: ExactQuantity): number {
  const magnitude = Number(`${q.mantissa}e${q.exp10}`) * 2 ** q.exp2;
  return q.negative ? -magnitude : magnitude;
}

/**
 * The value of a quantity in its base unit (bytes, cores, ...): `1Gi` → 1073741824, `500m` → 0.5.
 * `undefined` for anything that is not a quantity, or whose value a double cannot hold.
 */
export function parseQuantity(value: unknown): number | undefined {
  const exact = parseExact(value);
  if (!exact) return undefined;
  const result = toNumber(exact);
  if (!Number.isFinite(result)) return undefined;
  return result === 0 ? 0 : result; // no -0
}

/**
 * -1, 0 or 1 as a is smaller than, equal to or larger than b, compared exactly (`1Gi` equals
 * `1073741824`, `1G` is smaller than `1Gi`); `undefined` when either is not a quantity.
 */
export function compareQuantities(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  if (parseQuantity(a) === undefined || parseQuantity(b) === undefined) return undefined;
  const x = parseExact(a);
  const y = parseExact(b);
  if (!x || !y) return undefined;
  // Scale both to the smaller exponents so the comparison is between integers.
  const exp10 = Math.min(x.exp10, y.exp10);
  const exp2 = Math.min(x.exp2, y.exp2);
  const scaled = (q: ExactQuantity): bigint => {
    const magnitude = q.mantissa * 10n ** BigInt(q.exp10 - exp10) * 2n ** BigInt(q.exp2 - exp2);
    return q.negative ? -magnitude : magnitude;
  };
  const left = scaled(x);
  const right = scaled(y);
  return left < right ? -1 : left > right ? 1 : 0;
}
