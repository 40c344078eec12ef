import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers hold: what a person talks to (bot features, views, middleware, conversations, the
 * admin CLI, the HTTP endpoints) reaches the database only through `src/services/`. A file in
 * those folders that imports mongoose or anything under `src/db/` (a model, a document type, the
 * retry helper) fails this test, with the file and the import named.
 *
 * `src/main.ts` (the composition root that connects), `jobs/` (scheduled services) and
 * `src/playground/` (a development tool that seeds data) sit beside the services, not above them.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const ABOVE_SERVICES = ['src/bot', 'conversations', 'src/admin', 'src/http'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name)) out.push(path);
  }
  return out;
}

/** Every module a file imports or re-exports, statically or with `import()`. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]!);
  return found;
}

function databaseImports(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return importsOf(source).filter((spec) => {
    if (spec === 'mongoose' || spec.startsWith('mongoose/') || spec === 'mongodb') return true;
    if (!spec.startsWith('.')) return false;
    const target = relative(ROOT, resolve(ROOT, dirname(file), spec));
    return target === 'src/db' || target.startsWith('src/db/');
  });
}

describe('layers', () => {
  const files = ABOVE_SERVICES.flatMap(sourceFiles).sort();

  it('finds the import forms the check relies on', () => {
    const sample = [
      "import { User } from '../../db/models/index.ts';",
      "import type { UserDoc } from '../db/models/index.ts';",
      'import mongoose from "mongoose";',
      "export { Unit } from '../src/db/models/unit.ts';",
      "const m = await import('../db/connection.ts');",
      "import {\n  Campaign,\n  Unit,\n} from '../../db/models/index.ts';",
    ].join('\n');
    expect(importsOf(sample)).toEqual(
      expect.arrayContaining([
        '../../db/models/index.ts',
        '../db/models/index.ts',
        'mongoose',
        '../src/db/models/unit.ts',
        '../db/connection.ts',
      ]),
    );
    expect(importsOf(sample)).toHaveLength(6);
  });

  it('no bot feature, conversation, admin command or HTTP endpoint imports the database', () => {
    const offenders = files.flatMap((f) => databaseImports(f).map((spec) => `${f} imports ${spec}`));
    expect(offenders).toEqual([]);
  });
});
