import ExcelJS from 'exceljs';
import { Api } from 'grammy';
import mongoose from 'mongoose';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { EvidenceFile } from '../../src/db/models/evidence.ts';
import { Campaign, type InitiativeDoc, type UserDoc } from '../../src/db/models/index.ts';
import {
  type ArchiveSettings,
  archiveEvidence,
  fetchEvidence,
  haversineMetres,
} from '../../src/services/evidence/archive.ts';
import { principalOf } from '../../src/services/users.ts';
import { useTestDatabase } from '../support/database.ts';
import { makeInitiative, makeUser, NOW, seedWorld, type World } from '../support/fixtures.ts';
import { FakeTelegram } from '../support/telegram.ts';
import { recompressed, scenePhoto } from './images.ts';

useTestDatabase({ clean: 'each' });

let world: World;
let tg: FakeTelegram;
let api: Api;
let cadre: UserDoc;
let ini: InitiativeDoc;
let settings: ArchiveSettings;

beforeEach(async () => {
  world = await seedWorld();
  tg = new FakeTelegram();
  api = new Api('123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz', {
    apiRoot: 'https://telegram.test',
    fetch: tg.fetch,
  });
  cadre = await makeUser('cadre', world.communes[0]!, 'Nguyễn Thị Lan');
  ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
  const c = (await Campaign.findById(world.campaign._id).lean())!;
  settings = { evidenceTypes: c.evidenceTypes, evidenceMaxBytes: c.evidenceMaxBytes };
});

const owner = (who: UserDoc, model: InitiativeDoc, periodKey = '2026-11') => ({
  userId: who._id,
  initiative: model,
  periodKey,
});

async function archive(
  bytes: Buffer,
  opts: {
    model?: InitiativeDoc;
    who?: UserDoc;
    period?: string;
    name?: string;
    kind?: 'photo' | 'document';
  } = {},
) {
  const fileId = `f-${tg.updateId()}`;
  await tg.addFile(fileId, bytes, opts.kind ?? 'photo');
  return archiveEvidence(
    api,
    { kind: opts.kind ?? 'photo', fileId, fileName: opts.name ?? null },
    owner(opts.who ?? cadre, opts.model ?? ini, opts.period),
    settings,
    NOW,
  );
}

async function storedFiles() {
  const db = mongoose.connection.db!;
  return {
    records: await EvidenceFile.countDocuments(),
    gridfs: await db.collection('evidence.files').countDocuments(),
    chunks: await db.collection('evidence.chunks').countDocuments(),
  };
}

describe('archiving evidence as it arrives', () => {
  it('downloads through the Bot API and keeps the bytes in GridFS with sha256, size and the real type', async () => {
    const photo = await scenePhoto(1, { noise: 3 });
    const r = await archive(photo, { name: 'hop-chi-hoi.jpg' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(tg.downloads).toHaveLength(1);
    expect(r.file).toMatchObject({ mime: 'image/jpeg', size: photo.length, flags: [] });
    expect(r.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.file.phash).toMatch(/^[0-9a-f]{16}$/);
    const back = await fetchEvidence(principalOf(cadre), String(r.file._id));
    expect(back.ok && back.bytes.equals(photo)).toBe(true);
  });

  it('refuses a 25 MB file with the limit in the answer and saves nothing', async () => {
    const big = Buffer.alloc(25 * 1024 * 1024, 0);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const r = await archive(big, { kind: 'document', name: 'video-buoi-hop.jpg' });
    expect(r).toEqual({ ok: false, reason: 'too-big', limitMb: 20 });
    expect(tg.downloads).toHaveLength(0); // Telegram itself refuses getFile above 20 MB
    expect(await storedFiles()).toEqual({ records: 0, gridfs: 0, chunks: 0 });
  });

  it("applies the campaign's own, smaller limit while downloading", async () => {
    settings = { ...settings, evidenceMaxBytes: 1024 * 1024 };
    const photo = await sharp({
      create: {
        width: 2000,
        height: 2000,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .jpeg({ quality: 100 })
      .toBuffer();
    expect(photo.length).toBeGreaterThan(1024 * 1024);
    expect(await archive(photo)).toEqual({ ok: false, reason: 'too-big', limitMb: 1 });
    expect(await storedFiles()).toEqual({ records: 0, gridfs: 0, chunks: 0 });
  });

  it('refuses a file named .jpg whose bytes are a ZIP, naming what it really is', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow(['x']);
    const zip = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await archive(zip, { kind: 'document', name: 'anh-hien-truong.jpg' });
    expect(r).toMatchObject({ ok: false, reason: 'type-not-allowed', found: 'ZIP' });
    expect(r.ok === false && r.reason === 'type-not-allowed' && r.allowed).toContain('JPEG');
    expect(await storedFiles()).toEqual({ records: 0, gridfs: 0, chunks: 0 });
  });

  it('accepts a PDF and a PNG, and the campaign setting decides which types pass', async () => {
    expect((await archive(Buffer.from('%PDF-1.7\n1 0 obj\n%%EOF\n'), { kind: 'document' })).ok).toBe(true);
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    settings = { ...settings, evidenceTypes: ['image/jpeg'] };
    expect(await archive(png)).toMatchObject({
      ok: false,
      reason: 'type-not-allowed',
      found: 'PNG',
      allowed: 'JPEG',
    });
    expect(await EvidenceFile.countDocuments()).toBe(1);
  });
});

describe('reused photos', () => {
  it('flags a photo resized to 70 % and recompressed, sent for a model of another unit, and shows which', async () => {
    const other = await makeUser('cadre', world.communes[1]!);
    const otherModel = await makeInitiative(world, other, world.communes[1]!, { status: 'nurturing' });
    const original = await scenePhoto(7, { noise: 1 });
    const first = await archive(original);
    const copy = await archive(await recompressed(original, 0.7, 70), { who: other, model: otherModel });
    expect(first.ok && copy.ok).toBe(true);
    if (!first.ok || !copy.ok) return;
    expect(copy.file.flags).toHaveLength(1);
    expect(copy.file.flags[0]).toMatchObject({ kind: 'reused', reason: 'other-unit' });
    expect(String(copy.file.flags[0]!.otherId)).toBe(String(first.file._id));
    expect(copy.file.flags[0]!.distance).toBeLessThanOrEqual(8);
  });

  it('does not flag a different photo of the same scene (camera moved, other light)', async () => {
    const other = await makeUser('cadre', world.communes[1]!);
    const otherModel = await makeInitiative(world, other, world.communes[1]!, { status: 'nurturing' });
    await archive(await scenePhoto(7, { noise: 1 }));
    const r = await archive(await scenePhoto(7, { dx: 60, dy: 30, light: 0.85, noise: 2 }), {
      who: other,
      model: otherModel,
    });
    expect(r.ok && r.file.flags).toEqual([]);
  });

  it("flags the same model's photo of an earlier period, not a second copy in the same report", async () => {
    const original = await scenePhoto(9, { noise: 4 });
    await archive(original, { period: '2026-10' });
    const again = await archive(await recompressed(original), { period: '2026-10' });
    expect(again.ok && again.file.flags).toEqual([]);
    const later = await archive(await recompressed(original), { period: '2026-11' });
    expect(later.ok && later.file.flags[0]).toMatchObject({ kind: 'reused', reason: 'other-period' });
  });

  it('flags a document whose bytes are identical to one of another model', async () => {
    const other = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    const pdf = Buffer.from('%PDF-1.4\nbien ban hop chi hoi\n%%EOF\n');
    await archive(pdf, { kind: 'document' });
    const r = await archive(pdf, { kind: 'document', model: other });
    expect(r.ok && r.file.flags[0]).toMatchObject({ kind: 'reused', reason: 'other-model', distance: 0 });
  });
});

describe('capture date and place', () => {
  const withExif = (date: string) =>
    sharp({ create: { width: 64, height: 48, channels: 3, background: '#4a7a30' } })
      .jpeg()
      .withExif({
        IFD2: { DateTimeOriginal: date },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '10/1 0/1 36/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '105/1 4/1 48/1',
        },
      })
      .toBuffer();

  it('flags a capture date outside the report period and keeps the position', async () => {
    const r = await archive(await withExif('2025:05:01 08:30:00'), {
      kind: 'document',
      name: 'IMG_0001.jpg',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.file).toMatchObject({ captureDay: '2025-05-01', latitude: 10.01, longitude: 105.08 });
    expect(r.file.flags).toEqual([
      expect.objectContaining({ kind: 'capture-date', captureDay: '2025-05-01' }),
    ]);
  });

  it('does not flag a capture date inside the period', async () => {
    const r = await archive(await withExif('2026:11:05 08:30:00'), { kind: 'document' });
    expect(r.ok && r.file.captureDay).toBe('2026-11-05');
    expect(r.ok && r.file.flags).toEqual([]);
  });

  it('measures distance between pins with the haversine formula', () => {
    // One degree of latitude on a 6,371 km sphere: 2πR/360 = 111,194.9 m.
    expect(haversineMetres({ lat: 10, lon: 105 }, { lat: 11, lon: 105 })).toBeCloseTo(111_194.9, 0);
    // Along a parallel at 10° N a degree is shorter by cos 10°.
    expect(haversineMetres({ lat: 10, lon: 105 }, { lat: 10, lon: 106 })).toBeCloseTo(109_505, -1);
    expect(haversineMetres({ lat: 10, lon: 105 }, { lat: 10, lon: 105 })).toBe(0);
  });
});

describe('who may fetch an archived file', () => {
  it('the owner, reviewers in scope and the board; not an out-of-scope coordinator nor another cadre', async () => {
    const r = await archive(await scenePhoto(3));
    if (!r.ok) throw new Error('not archived');
    const id = String(r.file._id);
    const inScope = await makeUser('coordinator', world.chauThanh);
    const outOfScope = await makeUser('coordinator', world.rachGia);
    const board = await makeUser('board', world.province);
    const otherCadre = await makeUser('cadre', world.communes[0]!);
    expect((await fetchEvidence(principalOf(cadre), id)).ok).toBe(true);
    expect((await fetchEvidence(principalOf(inScope), id)).ok).toBe(true);
    expect((await fetchEvidence(principalOf(board), id)).ok).toBe(true);
    expect(await fetchEvidence(principalOf(outOfScope), id)).toEqual({ ok: false, reason: 'not-allowed' });
    expect(await fetchEvidence(principalOf(otherCadre), id)).toEqual({ ok: false, reason: 'not-allowed' });
    expect(await fetchEvidence(principalOf(inScope), 'abc')).toEqual({ ok: false, reason: 'not-found' });
  });
});
