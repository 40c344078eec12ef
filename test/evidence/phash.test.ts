import { describe, expect, it } from 'vitest';
import { dHash, hammingDistance, REUSE_MAX_DISTANCE } from '../../src/services/evidence/phash.ts';
import { detectType } from '../../src/services/evidence/types.ts';
import { recompressed, scenePhoto } from './images.ts';

/** The figures behind REUSE_MAX_DISTANCE (src/services/evidence/phash.ts). */
describe('dHash on generated scenes', () => {
  it('keeps copies of a photo within the threshold and other photos of the same scene outside it', async () => {
    const original = await scenePhoto(1, { noise: 5 });
    const h = await dHash(original);
    const d = async (b: Buffer) => hammingDistance(h, await dHash(b));
    const copies = [
      await d(await recompressed(original, 0.7, 70)),
      await d(await recompressed(original, 0.5, 40)),
      await d(await scenePhoto(1, { noise: 5, light: 1.2 })),
      await d(await scenePhoto(1, { noise: 9 })),
    ];
    const others = [
      await d(await scenePhoto(1, { dx: 25, dy: 15, noise: 8 })),
      await d(await scenePhoto(1, { dx: 40, dy: 0, noise: 8 })),
      await d(await scenePhoto(1, { dx: 60, dy: 30, light: 0.8, noise: 6 })),
      await d(await scenePhoto(1, { dx: -80, dy: 20, light: 1.15, noise: 7 })),
      await d(await scenePhoto(2, { noise: 5 })),
      await d(await scenePhoto(3, { noise: 5 })),
    ];
    expect(Math.max(...copies)).toBeLessThanOrEqual(4);
    expect(Math.min(...others)).toBeGreaterThanOrEqual(11);
    expect(Math.max(...copies)).toBeLessThanOrEqual(REUSE_MAX_DISTANCE);
    expect(Math.min(...others)).toBeGreaterThan(REUSE_MAX_DISTANCE);
  });

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
  });

  it('refuses bytes that are not a picture', async () => {
    await expect(dHash(Buffer.from('%PDF-1.4'))).rejects.toThrow();
  });
});

describe('real type from the bytes', () => {
  it('recognises the allowed formats and ZIP, and nothing else', () => {
    const b = (...x: (number | string)[]) =>
      Buffer.concat(x.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))));
    expect(detectType(b(0xff, 0xd8, 0xff, 0xe1))).toBe('image/jpeg');
    expect(detectType(b(0x89, 'PNG\r\n\x1a\n'))).toBe('image/png');
    expect(detectType(b('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('image/webp');
    expect(detectType(b('%PDF-1.7'))).toBe('application/pdf');
    expect(detectType(b(0, 0, 0, 0x18, 'ftypheic'))).toBe('image/heic');
    expect(detectType(b(0, 0, 0, 0x18, 'ftypisom'))).toBe('video/mp4');
    expect(detectType(b('PK', 3, 4, 20, 0))).toBe('application/zip');
    expect(detectType(b('GIF89a'))).toBeNull();
    expect(detectType(b())).toBeNull();
  });
});
