/**
 * Builders for valid-looking personal data in tests and fixtures: 身份证号 with a correct
 * checksum and Luhn-valid card numbers, so tests exercise the validators, not luck.
 */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export function idCardWithChecksum(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`need 17 digits, got ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return first17 + "10X98765432"[sum % 11];
}

/** An 18-digit string with the same birth-date shape but a wrong check character. */
export function idCardWithBadChecksum(first17: string): string {
  const good = idCardWithChecksum(first17);
  const last = good[17] === "0" ? "1" : good[17] === "X" ? "0" : String((+good[17] + 1) % 10);
  return first17 + last;
}

export function withLuhnDigit(prefix: string): string {
  for (let d = 0; d <= 9; d++) {
    const s = prefix + d;
    let sum = 0;
    let dbl = false;
    for (let i = s.length - 1; i >= 0; i--) {
      let x = s.charCodeAt(i) - 48;
      if (dbl) {
        x *= 2;
        if (x > 9) x -= 9;
      }
      sum += x;
      dbl = !dbl;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error("unreachable");
}

export function withoutLuhnDigit(prefix: string): string {
  const good = withLuhnDigit(prefix);
  return prefix + String((+good[good.length - 1] + 1) % 10);
}
