/**
 * Letters and digits without the look-alikes (0/O/o, 1/l/I): a temporary password is often
 * read out or typed from a note. 56 symbols × 16 places ≈ 93 bits.
 */
export const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

export const GENERATED_LENGTH = 16;

/** Fills a byte array with random values; `crypto.getRandomValues` unless a test swaps it. */
export type RandomFill = (bytes: Uint8Array) => Uint8Array;

const cryptoFill: RandomFill = (bytes) => crypto.getRandomValues(bytes);

/**
 * A random password from PASSWORD_ALPHABET. Bytes at or above the largest multiple of the
 * alphabet's size are dropped so every symbol is equally likely (no modulo bias). Rust refuses a
 * password containing the user name, so a draw that contains `avoid` is drawn again.
 */
export function generatePassword(length = GENERATED_LENGTH, avoid = "", fill: RandomFill = cryptoFill): string {
  const n = PASSWORD_ALPHABET.length;
  const limit = 256 - (256 % n);
  const banned = avoid.trim().toLowerCase();
  for (;;) {
    let out = "";
    while (out.length < length) {
      for (const b of fill(new Uint8Array(length * 2))) {
        if (b < limit && out.length < length) out += PASSWORD_ALPHABET.charAt(b % n);
      }
    }
    if (!banned || !out.toLowerCase().includes(banned)) return out;
  }
}
