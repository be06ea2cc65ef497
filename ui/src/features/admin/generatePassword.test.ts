import { describe, expect, it } from "vitest";
import { GENERATED_LENGTH, PASSWORD_ALPHABET, generatePassword } from "./generatePassword";

/** A fill that replays the given bytes in a loop, to make draws predictable. */
function replay(bytes: number[]) {
  let i = 0;
  return (buf: Uint8Array) => {
    for (let k = 0; k < buf.length; k++) buf[k] = bytes[i++ % bytes.length] ?? 0;
    return buf;
  };
}

describe("generatePassword", () => {
  it("is 16 characters from the alphabet by default", () => {
    for (let run = 0; run < 200; run++) {
      const pw = generatePassword();
      expect(pw).toHaveLength(GENERATED_LENGTH);
      expect(GENERATED_LENGTH).toBe(16);
      for (const ch of pw) expect(PASSWORD_ALPHABET).toContain(ch);
    }
  });

  it("leaves out characters that are easily confused", () => {
    for (const ch of "0O1lIo") expect(PASSWORD_ALPHABET).not.toContain(ch);
    expect(new Set(PASSWORD_ALPHABET).size).toBe(PASSWORD_ALPHABET.length);
  });

  it("uses the whole alphabet over many draws", () => {
    const seen = new Set(Array.from({ length: 300 }, () => generatePassword()).join(""));
    expect(seen.size).toBe(PASSWORD_ALPHABET.length);
  });

  it("drops bytes that would favour the first symbols", () => {
    const n = PASSWORD_ALPHABET.length;
    const limit = 256 - (256 % n);
    // Bytes at or above the limit are skipped; the next ones map to the first symbols.
    const pw = generatePassword(4, "", replay([limit, 255, 0, 1, 2, 3]));
    expect(pw).toBe(PASSWORD_ALPHABET.slice(0, 4));
  });

  it("draws again when the result contains the user name", () => {
    const name = PASSWORD_ALPHABET.slice(0, 3);
    let calls = 0;
    const first = replay([0, 1, 2, 3]);
    const second = replay([10, 11, 12, 13]);
    const fill = (buf: Uint8Array) => (calls++ === 0 ? first(buf) : second(buf));
    const pw = generatePassword(4, name.toUpperCase(), fill);
    expect(pw.toLowerCase()).not.toContain(name.toLowerCase());
    expect(pw).toBe(PASSWORD_ALPHABET.slice(10, 14));
  });

  it("honours another length", () => {
    expect(generatePassword(24)).toHaveLength(24);
  });
});
