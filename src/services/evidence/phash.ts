import sharp from 'sharp';

/**
 * Perceptual hash of a picture: the difference hash ("dHash") of Neal Krawetz, "Kind of Like
 * That", The Hacker Factor Blog, 21 January 2013
 * (hackerfactor.com/blog/index.php?/archives/529-Kind-of-Like-That.html).
 *
 * The picture is reduced to grey 9×8 pixels (sharp/libvips, which also applies the EXIF
 * orientation); each of the 64 bits says whether a pixel is brighter than its right-hand
 * neighbour. Resizing, recompression and a uniform change of brightness keep the gradients, so a
 * re-sent copy stays within a few bits; a different picture differs in about half of them.
 * Two hashes are compared by their Hamming distance (number of differing bits).
 */
export const DHASH_BITS = 64;

/**
 * Distance at or under which two photos count as the same picture. Measured on the generated
 * scenes of test/evidence/ (test/evidence/phash.test.ts asserts these figures): a copy resized to
 * 70 % and recompressed at JPEG quality 70 is 2 bits away, one at 50 % and quality 40 is 1, one
 * 20 % brighter 4, another sensor grain 1; the same scene from a camera moved by 25×15 px is 11
 * bits away, moved 40 px or more with other light 17-29, unrelated scenes 32-35. 8 sits between
 * the copies (≤ 4) and the other photos (≥ 11).
 */
export const REUSE_MAX_DISTANCE = 8;

/** dHash as 16 hex digits. Throws if the bytes are not a picture libvips can read. */
export async function dHash(bytes: Buffer | Uint8Array): Promise<string> {
  const { data } = await sharp(bytes, { failOn: 'error' })
    .rotate()
    .greyscale()
    .resize(9, 8, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  let bits = 0n;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const left = data[y * 9 + x]!;
      const right = data[y * 9 + x + 1]!;
      bits = (bits << 1n) | (left > right ? 1n : 0n);
    }
  }
  return bits.toString(16).padStart(16, '0');
}

const POPCOUNT = new Uint8Array(256).map((_, i) => {
  let n = 0;
  for (let v = i; v; v >>= 1) n += v & 1;
  return n;
});

/** Number of differing bits between two hex hashes of equal length. */
export function hammingDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i += 2) {
    d += POPCOUNT[Number.parseInt(a.slice(i, i + 2), 16) ^ Number.parseInt(b.slice(i, i + 2), 16)]!;
  }
  return d;
}
