/**
 * The one number format of the reports and the CLI's table, so that a φ of
 * 0.000361 never stands as `3.61e-4` next to `-0.0067`: three significant
 * digits; fixed notation for magnitudes from 1e-4 up to 1e4 (`+0.450`,
 * `-0.00670`, `+0.000361`, `+1230`), the same digits in exponent form outside
 * that range (`+3.61e-5`, `-1.23e4`); zero is `0`. φ always carry their sign
 * (the sign is the colour); scores do not.
 *
 * @packageDocumentation
 */

/**
 * Formats a number in the reports' format. Self-contained (it references
 * nothing outside its body) because report.html embeds its source to format
 * the hover tooltip the same way.
 *
 * @param value - The number.
 * @param signed - Write `+` before positive values.
 * @returns e.g. `+0.450`, `-0.00670`, `+3.61e-5`, `0`, `NaN`.
 */
export function formatNumber(value: number, signed: boolean): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : signed ? '+' : '';
  // Rounded first: 0.009996 becomes 0.0100, whose magnitude decides the notation.
  const rounded = Number(Math.abs(value).toPrecision(3));
  if (rounded >= 1e-4 && rounded < 1e4) {
    const decimals = Math.max(0, 2 - Math.floor(Math.log10(rounded)));
    return sign + rounded.toFixed(decimals);
  }
  return sign + rounded.toExponential(2).replace('e+', 'e');
}

/** A φ (or any value in the model's link space: expected, full value), always signed. */
export function formatPhi(value: number): string {
  return formatNumber(value, true);
}

/** A model score (probability), unsigned. */
export function formatScore(value: number): string {
  return formatNumber(value, false);
}

/** The reports' date, in UTC to the minute: `2026-12-07 15:49 UTC`. */
export function dateText(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A standard error: unsigned, two significant digits, in the notation of
 * {@link formatNumber} (`0.012`, `0.00036`, `1.2e-5`, `0`).
 */
export function formatSe(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const rounded = Number(Math.abs(value).toPrecision(2));
  if (rounded >= 1e-4 && rounded < 1e4) return rounded.toFixed(Math.max(0, 1 - Math.floor(Math.log10(rounded))));
  return rounded.toExponential(1).replace('e+', 'e');
}

/**
 * A φ with its standard error, `+0.450 ± 0.012`; report.pdf passes `+/-` (its
 * standard fonts draw no `±`).
 */
export function formatPhiSe(value: number, se: number, plusMinus = '±'): string {
  return `${formatPhi(value)} ${plusMinus} ${formatSe(se)}`;
}

/** Whether the 95% interval φ ± 1.96·se contains 0: the samples do not settle φ's sign. */
export function intervalContainsZero(value: number, se: number): boolean {
  return Math.abs(value) <= 1.96 * se;
}
