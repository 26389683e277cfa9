/** Characters in a stamp (128 bits in hex). */
export const STAMP_LENGTH = 32;
/** Stands for "no stamp held" where a position needs one; never a stamp (not hex). */
export const NO_STAMP = '-'.repeat(STAMP_LENGTH);

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const encoder = new TextEncoder();

/**
 * The fingerprint of a stored document kept beside it (`flag_stamps`): the first 128 bits of its
 * SHA-256, in hex. Derived from the content, so it changes with every byte of the document (time
 * schedule rewrites included, which keep the flag's version), it is the same whichever client wrote
 * it, and it never matches a different document after a delete, a re-create or a wipe of the data.
 * Web Crypto rather than the Node crypto module, so the package runs on edge runtimes too.
 * @internal
 */
export async function documentStamp(text: string): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (let i = 0; i < STAMP_LENGTH / 2; i++) hex += HEX[digest[i]!];
  return hex;
}
