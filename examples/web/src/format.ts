/**
 * The reports' number format (src/report/number-format.ts): three significant digits,
 * fixed notation from 1e-4 to 1e4, φ always signed.
 */
export function formatNumber(value: number, signed: boolean): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : signed ? '+' : '';
  const rounded = Number(Math.abs(value).toPrecision(3));
  if (rounded >= 1e-4 && rounded < 1e4) {
    const decimals = Math.max(0, 2 - Math.floor(Math.log10(rounded)));
    return sign + rounded.toFixed(decimals);
  }
  return sign + rounded.toExponential(2).replace('e+', 'e');
}

export const formatPhi = (value: number): string => formatNumber(value, true);
