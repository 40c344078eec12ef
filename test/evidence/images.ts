import sharp from 'sharp';
import { mulberry32 } from '../../src/services/evidence/onsite.ts';

/** The on-site draw's seeded PRNG, so every generated scene is the same on every run. */
const rng = mulberry32;

/**
 * A "place" drawn from shapes: sky, ground, houses, trees and grain, 1200×900. A photo of it is a
 * 800×600 view: `dx`/`dy` move the camera (another viewpoint), `light` scales brightness (another
 * time of day), `noise` adds sensor grain from its own seed.
 */
export async function scenePhoto(
  scene: number,
  view: { dx?: number; dy?: number; light?: number; noise?: number; width?: number } = {},
): Promise<Buffer> {
  const r = rng(scene);
  const shapes: string[] = [
    `<rect width="1200" height="900" fill="rgb(${90 + r() * 60},${140 + r() * 60},${200 + r() * 50})"/>`,
    `<rect y="${420 + r() * 120}" width="1200" height="500" fill="rgb(${60 + r() * 60},${110 + r() * 60},${40 + r() * 40})"/>`,
  ];
  for (let i = 0; i < 14; i++) {
    const x = r() * 1100;
    const y = 300 + r() * 450;
    const w = 60 + r() * 180;
    const h = 50 + r() * 160;
    const c = `rgb(${Math.floor(r() * 255)},${Math.floor(r() * 255)},${Math.floor(r() * 255)})`;
    shapes.push(
      r() < 0.5
        ? `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${c}"/><polygon points="${x},${y} ${x + w / 2},${y - h / 2} ${x + w},${y}" fill="rgb(150,40,30)"/>`
        : `<circle cx="${x}" cy="${y}" r="${w / 3}" fill="${c}"/><rect x="${x - 6}" y="${y}" width="12" height="${h}" fill="rgb(90,60,30)"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">${shapes.join('')}</svg>`;
  const dx = view.dx ?? 0;
  const dy = view.dy ?? 0;
  let img = sharp(Buffer.from(svg))
    .extract({ left: 200 + dx, top: 150 + dy, width: 800, height: 600 })
    .modulate({ brightness: view.light ?? 1 });
  if (view.noise) {
    const nr = rng(view.noise);
    const grain = Buffer.alloc(800 * 600 * 3);
    for (let i = 0; i < grain.length; i++) grain[i] = Math.floor(nr() * 40);
    const base = await img.raw().toBuffer({ resolveWithObject: true });
    const out = Buffer.alloc(base.data.length);
    for (let i = 0, j = 0; i < base.data.length; i++) {
      const ch = i % base.info.channels;
      out[i] = ch < 3 ? Math.min(255, base.data[i]! + grain[j++ % grain.length]! - 20) : base.data[i]!;
    }
    img = sharp(out, { raw: base.info });
  }
  if (view.width) img = img.resize(view.width);
  return img.jpeg({ quality: 90 }).toBuffer();
}

/** The same photo resized to `scale` of its width and recompressed at JPEG `quality`. */
export async function recompressed(photo: Buffer, scale = 0.7, quality = 70): Promise<Buffer> {
  const { width } = await sharp(photo).metadata();
  return sharp(photo)
    .resize(Math.round(width! * scale))
    .jpeg({ quality })
    .toBuffer();
}
