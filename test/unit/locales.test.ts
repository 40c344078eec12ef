import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n.ts';

const dir = path.resolve(import.meta.dirname, '../../src/locales');

function messageIds(lang: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const file of readdirSync(path.join(dir, lang))) {
    const text = readFileSync(path.join(dir, lang, file), 'utf8');
    for (const m of text.matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)) ids.set(m[1]!, file);
  }
  return ids;
}

describe('locales', () => {
  const vi = messageIds('vi');
  const en = messageIds('en');

  it('have every Vietnamese message in English and the other way round', () => {
    expect([...vi.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !vi.has(k))).toEqual([]);
    expect(vi.size).toBeGreaterThan(5);
  });

  it('keep each message in the same feature file in both languages', () => {
    expect([...vi].filter(([k, f]) => en.get(k) !== f)).toEqual([]);
  });

  it('resolve every message without a Fluent error marker', () => {
    for (const [lang, ids] of [
      ['vi', vi],
      ['en', en],
    ] as const) {
      const t = translator(lang);
      for (const id of ids.keys())
        expect(t(id), `${lang}:${id}`).not.toMatch(/^\{?\$?[a-z-]+\}?$|\{\?\?\?\}/);
    }
  });
});
