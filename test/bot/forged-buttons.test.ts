import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { docKindButton, docMakeButton, docRoundButton } from '../../src/bot/features/documents.ts';
import { encodeFilters, exportButton, filterButton, summaryButton } from '../../src/bot/features/summary.ts';
import { listCampaigns, pickCampaign } from '../../src/bot/views/campaign-picker.ts';
import { AccessRequest, Initiative, type InitiativeDoc, type UserDoc } from '../../src/db/models/index.ts';
import { translator } from '../../src/i18n.ts';
import { createInvite } from '../../src/services/invites.ts';
import { useTestDatabase } from '../support/database.ts';
import {
  clock,
  makeInitiative,
  makeReport,
  makeUser,
  monthKey,
  seedWorld,
  type World,
} from '../support/fixtures.ts';
import { FakeTelegram, makeBot, Person } from '../support/telegram.ts';

/*
 * Every button the bot handles, pressed with forged data by people who may not use it on a model
 * of another district: a cadre and a coordinator of Châu Thành, and a person with no role, against
 * models, a report, an access request and the unit of Rạch Giá. Nothing of the model may be shown,
 * no question asked, nothing changed.
 */

useTestDatabase({ clean: 'never' });

const ROOT = join(import.meta.dirname, '..', '..');

/** The callback patterns the code registers, read from the source (regex literals and strings). */
function registeredPatterns(): { file: string; pattern: RegExp | string }[] {
  // Every TypeScript file of the bot and its conversations, wherever a handler may be added.
  const files = ['src', 'conversations'].flatMap((dir) =>
    (readdirSync(join(ROOT, dir), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(dir, f)),
  );
  const out: { file: string; pattern: RegExp | string }[] = [];
  for (const file of files) {
    const src = readFileSync(join(ROOT, file), 'utf8');
    for (const m of src.matchAll(/\.callbackQuery\(\s*(\/(?:\\.|[^/\n])+\/[a-z]*|'[^']*')/g)) {
      const lit = m[1]!;
      if (lit.startsWith("'")) out.push({ file, pattern: lit.slice(1, -1) });
      else {
        const end = lit.lastIndexOf('/');
        out.push({ file, pattern: new RegExp(lit.slice(1, end), lit.slice(end + 1)) });
      }
    }
  }
  // The form engine's own buttons (answered inside conversations, by the fallback outside them).
  const engine = readFileSync(join(ROOT, 'conversations/form/engine.ts'), 'utf8');
  const f = /const m = (\/\^f:.*\$\/)\.exec\(cq\.data/.exec(engine);
  if (!f) throw new Error('the form engine no longer matches f: buttons the way this test reads it');
  out.push({ file: 'conversations/form/engine.ts', pattern: new RegExp(f[1]!.slice(1, -1)) });
  return out;
}

const matches = (p: RegExp | string, data: string) => (typeof p === 'string' ? p === data : p.test(data));

let world: World;
const ids: Record<string, string> = {};
const secrets: string[] = [];
let matrix: { data: string; openToAll?: string }[] = [];

beforeAll(async () => {
  world = await seedWorld();
  const owner = await makeUser('cadre', world.rachGia, 'Chủ mô hình Rạch Giá');
  const make = async (key: string, status: InitiativeDoc['status']) => {
    const ini = await makeInitiative(world, owner, world.rachGia, { status, title: `Mô hình bí mật ${key}` });
    ids[key] = String(ini._id);
    secrets.push(ini.code, ini.title);
    return ini;
  };
  await make('reg', 'registered');
  const nur = await make('nur', 'nurturing');
  await make('sub', 'submitted');
  await make('apr', 'appraised');
  await make('sel', 'selected');
  await make('hon', 'honoured');
  await Initiative.updateMany({}, { $set: { ownerName: 'Tổ hợp tác bí mật' } });
  secrets.push('Tổ hợp tác bí mật');
  const rep = await makeReport(nur, owner, monthKey(-1));
  ids.rep = String(rep._id);
  const req = await AccessRequest.create({
    telegramId: 987_654,
    name: 'Người xin vào bí mật',
    unitId: world.rachGia._id,
    unitPath: world.rachGia.path,
    openKey: `987654:${String(world.rachGia._id)}`,
  });
  ids.req = String(req._id);
  secrets.push('Người xin vào bí mật');
  const { invite } = await createInvite(
    { role: 'cadre', unitId: world.rachGia._id, days: 14, maxUses: 50 },
    clock(),
  );
  ids.inv = String(invite._id);
  ids.owner = String(owner._id);
  const unit = String(world.rachGia._id);
  const filters = encodeFilters(
    { unitId: unit, field: 'economy', ownerKind: null, periodKey: null },
    world.campaign,
  );
  const campaign = String(world.campaign._id);
  matrix = [
    { data: 'rv:q:0' },
    { data: `rv:o:${ids.reg}` },
    { data: `rv:r:${ids.rep}` },
    { data: `rv:v:${ids.rep}` },
    { data: `rv:a:accept:${ids.reg}:registered` },
    { data: `rv:a:return:${ids.reg}:registered` },
    { data: `rv:a:submit:${ids.nur}:nurturing` },
    { data: `rv:a:appraise:${ids.sub}:submitted` },
    { data: `rv:a:select:${ids.apr}:appraised` },
    { data: `rv:a:decline:${ids.apr}:appraised` },
    { data: `rv:a:honour:${ids.sel}:selected` },
    { data: `rv:a:replicate:${ids.nur}:nurturing` },
    { data: `rv:a:question:${ids.rep}:pending` },
    { data: `mm:v:${ids.reg}` },
    { data: `mm:w:${ids.reg}` },
    { data: `mm:wy:${ids.reg}:registered` },
    { data: 'mm:wn' },
    { data: `mm:r:${ids.nur}` },
    { data: `mm:e:${ids.reg}` },
    // Issue 13: another unit's model's QR code, and an on-site visit of another unit's report.
    { data: `mm:qr:${ids.nur}` },
    { data: `os:v:${ids.rep}` },
    { data: `inv:u:${unit}` },
    ...['cadre', 'coordinator', 'board', 'admin'].map((r) => ({ data: `inv:r:${unit}:${r}` })),
    { data: `ar:a:${ids.req}` },
    { data: `ar:d:${ids.req}` },
    { data: summaryButton.build(filters) },
    { data: filterButton.build(filters) },
    { data: exportButton.build(filters) },
    // The campaign picker and the queue's pages: only what the presser's own grants reach.
    ...(['sm', 'sx', 'rv'] as const).flatMap((to) => [
      { data: pickCampaign.build({ to, c: campaign }) },
      { data: listCampaigns.build({ to }) },
    ]),
    { data: `rq:${Buffer.from(campaign, 'hex').toString('base64url')}:0` },
    { data: 'lang:vi', openToAll: 'sets the presser’s own language' },
    {
      data: 'access:request',
      openToAll: 'anyone may ask to join a unit; it asks which unit, names no model, writes only on confirm',
    },
    { data: 'f:zz0:c:continue' },
    // /nguoidung: lists show only the presser's own area; actions on Rạch Giá's invite and person.
    { data: 'pp:il' },
    { data: 'pp:ul' },
    { data: `pp:ir:${ids.inv}` },
    { data: `pp:ud:${ids.owner}` },
    { data: `pp:uy:${ids.owner}` },
    // /vanban (issue 11): a document of Rạch Giá's unit, and the menus of a campaign the presser
    // may draft in only for their own district (nothing of Rạch Giá's models may show).
    { data: docKindButton.build({ c: campaign, k: 'models' }) },
    { data: docRoundButton.build({ c: campaign, k: 'report', r: 0 }) },
    { data: docMakeButton.build({ c: campaign, k: 'models', r: null, u: unit }) },
    { data: docMakeButton.build({ c: campaign, k: 'commendation', r: 0, u: unit }) },
  ];
});

/** Every document of every collection but the conversation state (the bot's own bookkeeping). */
async function snapshot(exceptUser?: UserDoc): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const c of await mongoose.connection.db!.collections()) {
    if (c.collectionName === 'conversationstates') continue;
    const filter = c.collectionName === 'users' && exceptUser ? { _id: { $ne: exceptUser._id } } : {};
    out[c.collectionName] = await c.find(filter).sort({ _id: 1 }).toArray();
  }
  return out;
}

describe('forged buttons: the matrix covers every button the bot handles', () => {
  it('every registered callback pattern is exercised by the matrix, and every matrix entry is handled', () => {
    const patterns = registeredPatterns();
    expect(patterns.length).toBeGreaterThan(15);
    for (const { file, pattern } of patterns) {
      expect(
        matrix.some((m) => matches(pattern, m.data)),
        `${file}: ${String(pattern)} has no forged payload in the matrix`,
      ).toBe(true);
    }
    for (const m of matrix) {
      expect(
        patterns.some((p) => matches(p.pattern, m.data)),
        `${m.data} matches no registered pattern`,
      ).toBe(true);
    }
  });
});

const ACTORS = {
  'a cadre of another district': async () => makeUser('cadre', world.chauThanh, 'Cán bộ Châu Thành'),
  'a coordinator of another district': async () =>
    makeUser('coordinator', world.chauThanh, 'Điều phối Châu Thành'),
  'a person with no role': async () => makeUser(null, null, 'Người lạ'),
} satisfies Record<string, () => Promise<UserDoc>>;

const vi = translator('vi');

describe.each(Object.entries(ACTORS))('forged buttons pressed by %s', (_label, makeActor) => {
  let actor: UserDoc;
  beforeAll(async () => {
    actor = await makeActor();
  });

  // Some 50 buttons, each on a fresh bot with two database snapshots: more than 30 s on a loaded machine.
  it('shows nothing of the model, asks nothing and changes nothing, for every button', {
    timeout: 120_000,
  }, async () => {
    const problems: string[] = [];
    for (const entry of matrix) {
      const tg = new FakeTelegram();
      const p = new Person(tg, makeBot(tg, clock()), actor.telegramId);
      // Choosing a language writes the presser's own record, nobody else's.
      const own = entry.data.startsWith('lang:') ? actor : undefined;
      const before = await snapshot(own);
      await p.press(entry.data);
      const shown = JSON.stringify(tg.calls.map((c) => c.payload));
      for (const s of secrets) if (shown.includes(s)) problems.push(`${entry.data}: showed "${s}"`);
      if (entry.openToAll) {
        await p.send('/huy');
      } else {
        // The next plain message is not taken as an answer: it gets the ordinary fallback.
        const n = p.messages().length;
        await p.send('Lý do giả mạo 42');
        const replies = p.textsSince(n);
        const expected = vi(actor.roles.length ? 'fallback-pointer' : 'fallback-no-role');
        if (replies.length !== 1 || replies[0] !== expected)
          problems.push(`${entry.data}: the next message got ${JSON.stringify(replies)}`);
      }
      const after = await snapshot(own);
      for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (JSON.stringify(before[name] ?? []) !== JSON.stringify(after[name] ?? []))
          problems.push(`${entry.data}: collection ${name} changed`);
      }
      await p.send('/huy'); // whatever happened, the next case starts outside any form
      if (!entry.openToAll) {
        const answers = p.callbackAnswers();
        if (answers.length !== 1) problems.push(`${entry.data}: ${answers.length} callback answers`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('forged appraisal of one’s own unit', () => {
  it('is refused before the first score is asked when the campaign forbids it', async () => {
    const coordinator = await makeUser('coordinator', world.chauThanh, 'Điều phối Châu Thành 2');
    const owner = await makeUser('cadre', world.chauThanh, 'Cán bộ Châu Thành 2');
    const ini = await makeInitiative(world, owner, world.chauThanh, {
      status: 'submitted',
      title: 'Mô hình nhà',
    });
    const tg = new FakeTelegram();
    const c = new Person(tg, makeBot(tg, clock()), coordinator.telegramId);
    await c.press(`rv:a:appraise:${String(ini._id)}:submitted`);
    expect(c.callbackAnswers()).toEqual([`⚠️ ${vi('review-fail-own-unit')}`]);
    expect(c.messages()).toEqual([]);
    await c.send('25');
    expect(c.lastText()).toBe(vi('fallback-pointer'));
    expect((await Initiative.findById(ini._id).lean())!.status).toBe('submitted');
  });
});
