import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import exifr from 'exifr';
import type { Api } from 'grammy';
import mongoose, { Types } from 'mongoose';
import { EvidenceFile, type EvidenceFileDoc, type EvidenceFlag } from '../../db/models/evidence.ts';
import { rawCollection } from '../../db/raw.ts';
import { can, type Principal } from '../../domain/permissions.ts';
import { periodRange } from '../../domain/phases.ts';
import { dHash, hammingDistance, REUSE_MAX_DISTANCE } from './phash.ts';
import { detectType, typeLabel } from './types.ts';

/** The Bot API lets a bot download files of at most 20 MB. */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export interface ArchiveSettings {
  evidenceTypes: readonly string[];
  evidenceMaxBytes: number;
}

export interface IncomingFile {
  kind: 'photo' | 'document' | 'visit';
  fileId: string;
  fileUniqueId?: string | null;
  fileName?: string | null;
  /** Size Telegram announced in the message, if any. */
  size?: number | null;
}

export interface ArchiveOwner {
  userId: Types.ObjectId | string;
  initiative: {
    _id: Types.ObjectId | string;
    campaignId: Types.ObjectId | string;
    unitId: Types.ObjectId | string;
    unitPath: readonly (Types.ObjectId | string)[];
  };
  periodKey: string;
}

export type ArchiveFailure =
  | { ok: false; reason: 'too-big'; limitMb: number }
  | { ok: false; reason: 'type-not-allowed'; found: string; allowed: string }
  | { ok: false; reason: 'download-failed' };

export type ArchiveResult = { ok: true; file: EvidenceFileDoc } | ArchiveFailure;

const buckets = new WeakMap<object, InstanceType<typeof mongoose.mongo.GridFSBucket>>();

/**
 * The evidence bucket of the current connection, one per database handle: a bucket checks its
 * indexes before its first upload, so a new one per upload cost a command each time.
 */
function bucket() {
  const db = mongoose.connection.db!;
  let b = buckets.get(db);
  if (!b) {
    b = new mongoose.mongo.GridFSBucket(db, { bucketName: 'evidence' });
    buckets.set(db, b);
  }
  return b;
}

const limitOf = (s: ArchiveSettings) => Math.min(s.evidenceMaxBytes, TELEGRAM_DOWNLOAD_LIMIT);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * Downloads a file through the Bot API (getFile, then the file URL under the client's apiRoot),
 * stopping as soon as it passes `limit` bytes. `null` when it is larger than the limit.
 */
export async function downloadTelegramFile(
  api: Api,
  fileId: string,
  limit: number,
): Promise<Buffer | null | 'failed'> {
  let path: string | undefined;
  try {
    const file = await api.getFile(fileId);
    if (file.file_size != null && file.file_size > limit) return null;
    path = file.file_path;
  } catch (err) {
    // Telegram refuses getFile for files over 20 MB.
    if (/file is too big/i.test(String((err as Error).message))) return null;
    return 'failed';
  }
  if (!path) return 'failed';
  const root = api.options?.apiRoot ?? 'https://api.telegram.org';
  const fetchImpl = (api.options?.fetch as typeof fetch | undefined) ?? fetch;
  let res: Response;
  try {
    res = await fetchImpl(`${root}/file/bot${api.token}/${path}`);
  } catch {
    return 'failed';
  }
  if (!res.ok || !res.body) return 'failed';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > limit) {
      await res.body.cancel().catch(() => {});
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Capture day (YYYY-MM-DD, as the camera wrote it) and position from EXIF, where present. */
export async function readMetadata(
  bytes: Buffer,
): Promise<{ captureDay: string | null; latitude: number | null; longitude: number | null }> {
  try {
    const tags = (await exifr.parse(bytes, { reviveValues: false, gps: true })) as
      | Record<string, unknown>
      | undefined;
    if (!tags) return { captureDay: null, latitude: null, longitude: null };
    const raw = [tags.DateTimeOriginal, tags.CreateDate, tags.ModifyDate].find(
      (v) => typeof v === 'string',
    ) as string | undefined;
    const m = raw ? /^(\d{4})[:-](\d{2})[:-](\d{2})/.exec(raw) : null;
    const lat = typeof tags.latitude === 'number' && Number.isFinite(tags.latitude) ? tags.latitude : null;
    const lon = typeof tags.longitude === 'number' && Number.isFinite(tags.longitude) ? tags.longitude : null;
    return { captureDay: m ? `${m[1]}-${m[2]}-${m[3]}` : null, latitude: lat, longitude: lon };
  } catch {
    return { captureDay: null, latitude: null, longitude: null };
  }
}

/**
 * The nearest earlier picture (by dHash) submitted for another model, another unit or another
 * period. FerretDB cannot search hashes by index, so the candidates (hash and owner fields only)
 * are read and compared here; bench/evidence.bench.ts measures it.
 */
export async function findReuse(
  phash: string,
  owner: ArchiveOwner,
  excludeId?: Types.ObjectId,
): Promise<EvidenceFlag | null> {
  const candidates = await rawCollection<{
    _id: Types.ObjectId;
    phash: string | null;
    initiativeId: Types.ObjectId;
    unitId: Types.ObjectId;
    periodKey: string;
  }>(EvidenceFile)
    .find({ phash: { $ne: null } }, { projection: { phash: 1, initiativeId: 1, unitId: 1, periodKey: 1 } })
    .toArray();
  let best: { id: Types.ObjectId; d: number; reason: EvidenceFlag['reason'] } | null = null;
  for (const c of candidates) {
    if (excludeId && c._id.equals(excludeId)) continue;
    const sameModel = String(c.initiativeId) === String(owner.initiative._id);
    if (sameModel && c.periodKey === owner.periodKey) continue;
    const d = hammingDistance(phash, c.phash!);
    if (d > REUSE_MAX_DISTANCE || (best && best.d <= d)) continue;
    const reason =
      String(c.unitId) !== String(owner.initiative.unitId)
        ? 'other-unit'
        : !sameModel
          ? 'other-model'
          : 'other-period';
    best = { id: c._id, d, reason };
  }
  return best
    ? { kind: 'reused', otherId: best.id, reason: best.reason, distance: best.d, captureDay: null }
    : null;
}

/**
 * Archives one piece of evidence as it arrives: size limit, real type from the bytes, hash,
 * perceptual hash and metadata, then GridFS and its record. A refused file leaves nothing behind.
 */
export async function archiveEvidence(
  api: Api,
  incoming: IncomingFile,
  owner: ArchiveOwner,
  settings: ArchiveSettings,
  now: Date,
): Promise<ArchiveResult> {
  const limit = limitOf(settings);
  if (incoming.size != null && incoming.size > limit)
    return { ok: false, reason: 'too-big', limitMb: mb(limit) };
  const bytes = await downloadTelegramFile(api, incoming.fileId, limit);
  if (bytes === 'failed') return { ok: false, reason: 'download-failed' };
  if (bytes === null) return { ok: false, reason: 'too-big', limitMb: mb(limit) };
  return archiveBytes(bytes, incoming, owner, settings, now);
}

/** The part of `archiveEvidence` after the download (also used for files that arrive otherwise). */
export async function archiveBytes(
  bytes: Buffer,
  incoming: Omit<IncomingFile, 'fileId'>,
  owner: ArchiveOwner,
  settings: ArchiveSettings,
  now: Date,
): Promise<ArchiveResult> {
  const limit = limitOf(settings);
  if (bytes.length > limit) return { ok: false, reason: 'too-big', limitMb: mb(limit) };
  const mime = detectType(bytes);
  if (!mime || !settings.evidenceTypes.includes(mime)) {
    return {
      ok: false,
      reason: 'type-not-allowed',
      found: mime ? typeLabel(mime) : '?',
      allowed: settings.evidenceTypes.map(typeLabel).join(', '),
    };
  }
  const isPicture = mime.startsWith('image/');
  let phash: string | null = null;
  if (isPicture) phash = await dHash(bytes).catch(() => null);
  const meta =
    isPicture || mime === 'video/mp4'
      ? await readMetadata(bytes)
      : { captureDay: null, latitude: null, longitude: null };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const id = new Types.ObjectId();
  const flags: EvidenceFlag[] = [];
  if (phash) {
    const reuse = await findReuse(phash, owner);
    if (reuse) flags.push(reuse);
  } else {
    const same = await EvidenceFile.find({ sha256 }, { initiativeId: 1, unitId: 1, periodKey: 1 }).lean();
    const other = same.find(
      (c) => String(c.initiativeId) !== String(owner.initiative._id) || c.periodKey !== owner.periodKey,
    );
    if (other)
      flags.push({
        kind: 'reused',
        otherId: other._id,
        reason: String(other.unitId) !== String(owner.initiative.unitId) ? 'other-unit' : 'other-model',
        distance: 0,
        captureDay: null,
      });
  }
  if (meta.captureDay && incoming.kind !== 'visit') {
    const { first, last } = periodRange(owner.periodKey);
    if (meta.captureDay < first || meta.captureDay > last)
      flags.push({
        kind: 'capture-date',
        otherId: null,
        reason: null,
        distance: null,
        captureDay: meta.captureDay,
      });
  }
  const b = bucket();
  await new Promise<void>((resolve, reject) => {
    Readable.from([bytes])
      .pipe(b.openUploadStreamWithId(id, incoming.fileName ?? `${id}`, { metadata: { mime, sha256 } }))
      .on('finish', () => resolve())
      .on('error', reject);
  });
  try {
    const created = await EvidenceFile.create({
      _id: id,
      ownerId: owner.userId,
      campaignId: owner.initiative.campaignId,
      initiativeId: owner.initiative._id,
      unitId: owner.initiative.unitId,
      unitPath: [...owner.initiative.unitPath],
      periodKey: owner.periodKey,
      kind: incoming.kind,
      fileUniqueId: incoming.fileUniqueId ?? null,
      fileName: incoming.fileName ?? null,
      mime,
      size: bytes.length,
      sha256,
      phash,
      ...meta,
      flags,
      at: now,
    });
    return { ok: true, file: created.toObject() as EvidenceFileDoc };
  } catch (err) {
    await b.delete(id).catch(() => {});
    throw err;
  }
}

export type FetchResult =
  | { ok: true; file: EvidenceFileDoc; bytes: Buffer }
  | { ok: false; reason: 'not-found' | 'not-allowed' };

/** The file's record, if this person may see it: its owner, reviewers in scope, the board. */
export async function evidenceRecord(
  principal: Principal,
  id: string,
): Promise<{ ok: true; file: EvidenceFileDoc } | { ok: false; reason: 'not-found' | 'not-allowed' }> {
  if (!Types.ObjectId.isValid(id)) return { ok: false, reason: 'not-found' };
  const file = await EvidenceFile.findById(id).lean<EvidenceFileDoc>();
  if (!file) return { ok: false, reason: 'not-found' };
  // 'initiative.view': the owner, and coordinators and board members whose unit is on the path.
  if (
    !can(principal, 'initiative.view', { unitPath: file.unitPath.map(String), ownerId: String(file.ownerId) })
  )
    return { ok: false, reason: 'not-allowed' };
  return { ok: true, file };
}

/** The archived bytes, checked against the permission before anything is read. */
export async function fetchEvidence(principal: Principal, id: string): Promise<FetchResult> {
  const r = await evidenceRecord(principal, id);
  if (!r.ok) return r;
  return { ok: true, file: r.file, bytes: await readArchived(r.file._id) };
}

/** Bytes of an archived file, for callers that already checked the permission. */
export async function readArchived(id: Types.ObjectId | string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of bucket().openDownloadStream(new Types.ObjectId(String(id)))) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Great-circle distance in metres (haversine formula, mean Earth radius 6,371 km). */
export function haversineMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}
