import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Files that pass through the playground, as Telegram keeps them: whatever a person uploads or the
 * bot sends gets a file id, and the bot may later send the same file again by that id (evidence in
 * a review, for example). The playground keeps them under DATA_DIR/playground/files, so ids
 * survive a restart just as the database rows that hold them do; tests keep them in memory (no
 * directory).
 */
export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  kind: 'photo' | 'document';
  name: string;
  mime: string;
  size: number;
  width?: number;
  height?: number;
}

/** A file id is also a file name on disk: letters, digits, `_` and `-` only. */
const FILE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export class FileStore {
  private readonly cache = new Map<string, StoredFile>();
  /** The bytes, when there is no directory. */
  private readonly memory = new Map<string, Buffer>();

  /** With no directory, files live in memory for the life of the store. */
  constructor(readonly dir?: string) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  async save(
    data: Buffer,
    meta: { kind: 'photo' | 'document'; name: string; mime: string },
    fileId?: string,
  ): Promise<StoredFile> {
    const id = fileId ?? `pg${meta.kind === 'photo' ? 'P' : 'D'}_${randomBytes(12).toString('base64url')}`;
    if (!FILE_ID.test(id)) throw new Error(`bad file id ${id}`);
    const dims = meta.kind === 'photo' ? imageSize(data) : null;
    const file: StoredFile = {
      fileId: id,
      fileUniqueId: `u${id.slice(-16)}`,
      kind: meta.kind,
      name: safeName(meta.name) || (meta.kind === 'photo' ? 'photo.jpg' : 'file'),
      mime: meta.mime || 'application/octet-stream',
      size: data.length,
      ...(dims ?? {}),
    };
    if (this.dir) {
      await writeFile(path.join(this.dir, id), data);
      await writeFile(path.join(this.dir, `${id}.json`), JSON.stringify(file));
    } else this.memory.set(id, data);
    this.cache.set(id, file);
    return file;
  }

  async get(fileId: string): Promise<StoredFile | null> {
    if (!FILE_ID.test(fileId)) return null;
    const hit = this.cache.get(fileId);
    if (hit || !this.dir) return hit ?? null;
    try {
      const file = JSON.parse(await readFile(path.join(this.dir, `${fileId}.json`), 'utf8')) as StoredFile;
      this.cache.set(fileId, file);
      return file;
    } catch {
      return null;
    }
  }

  async read(fileId: string): Promise<Buffer | null> {
    if (!(await this.get(fileId))) return null;
    if (!this.dir) return this.memory.get(fileId) ?? null;
    return readFile(path.join(this.dir, fileId)).catch(() => null);
  }
}

function safeName(name: string): string {
  return name
    .replace(/[\\/\0\r\n"]/g, '_')
    .trim()
    .slice(0, 120);
}

/** Width and height of a PNG or JPEG, as Telegram reports them for photos. */
export function imageSize(b: Buffer): { width: number; height: number } | null {
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) {
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      const len = b.readUInt16BE(i + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
      }
      i += 2 + len;
    }
  }
  return null;
}
