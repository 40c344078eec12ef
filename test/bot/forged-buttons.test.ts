import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessDecisionButton,
  accessRequestButton,
  cb,
  cbAfterHonour,
  definedPrefixes,
  inviteButton,
  languageButton,
  myModelsCb,
  onsiteVisitButton,
  peopleButtons,
  reviewCb,
  STAGE_NAMES,
} from '../../src/bot/callback-data.ts';
import {
  docKindButton,
  docMakeButton,
  docRoundButton,
  docScopePageButton,
} from '../../src/bot/features/documents.ts';
import { encodeFilters, exportButton, filterButton, summaryButton } from '../../src/bot/features/summary.ts';
import { listCampaigns, pickCampaign } from '../../src/bot/views/campaign-picker.ts';
import { ManualClock } from '../../src/clock.ts';
import { AccessRequest, Initiative, type InitiativeDoc, type UserDoc } from '../../src/db/models/index.ts';
import { zonedInstant } from '../../src/domain/calendar.ts';
import { translator } from '../../src/i18n.ts';
import { createInvite } from '../../src/services/invites.ts';
import { openRound } from '../../src/services/rounds.ts';
import { principalOf } from '../../src/services/users.ts';
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

/**
 * The callback patterns the code registers: regex literals and strings read from the source, and
 * the prefix of every typed button (`defineCallback`, src/bot/callback-data.ts) that the bot's
 * modules define (all loaded by makeBot's import).
 */
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
  for (const prefix of definedPrefixes())
    out.push({ file: `defineCallback('${prefix}')`, pattern: new RegExp(`^${prefix}:`) });
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
  // A round of Rạch Giá, opened by its own coordinator on the round's first day.
  const soKet = world.campaign.rounds.find((x) => x.code === 'so-ket-1')!;
  const rgCoordinator = await makeUser('coordinator', world.rachGia, 'Điều phối Rạch Giá');
  const opened = await openRound(
    principalOf(rgCoordinator),
    { campaignId: world.campaign._id, defCode: 'so-ket-1', unitId: world.rachGia._id },
    new ManualClock(zonedInstant(soKet.opensOn, 'Asia/Ho_Chi_Minh', 9)),
  );
  if (!opened.ok) throw new Error(`the Rạch Giá round did not open: ${opened.reason}`);
  const round = String(opened.round._id);
  matrix = [
    // The review card and /mohinh (typed buttons), on Rạch Giá's models and report.
    { data: reviewCb.legacyQueuePage.build({ k: 'q', o: 0 }) },
    { data: reviewCb.open.build({ i: ids.reg! }) },
    { data: reviewCb.report.build({ r: ids.rep! }) },
    { data: reviewCb.verify.build({ r: ids.rep! }) },
    { data: reviewCb.question.build({ r: ids.rep! }) },
    { data: reviewCb.act.build({ a: 'accept', i: ids.reg!, s: 'registered' }) },
    { data: reviewCb.act.build({ a: 'return', i: ids.reg!, s: 'registered' }) },
    { data: reviewCb.act.build({ a: 'replicate', i: ids.nur!, s: 'nurturing' }) },
    // Buttons of older messages: the card's direct appraise / select / honour are gone.
    { data: `rv:o:${ids.reg}` },
    { data: `rv:a:appraise:${ids.sub}:submitted` },
    { data: `rv:a:select:${ids.apr}:appraised` },
    { data: `rv:a:honour:${ids.sel}:selected` },
    { data: myModelsCb.view.build({ i: ids.reg! }) },
    { data: myModelsCb.withdraw.build({ i: ids.reg! }) },
    { data: myModelsCb.withdrawYes.build({ i: ids.reg!, s: 'registered' }) },
    { data: myModelsCb.withdrawNo.build({ i: ids.reg! }) },
    { data: myModelsCb.report.build({ i: ids.nur! }) },
    { data: myModelsCb.edit.build({ i: ids.reg! }) },
    // Issue 13: another unit's model's QR code, and an on-site visit of another unit's report.
    { data: myModelsCb.qr.build({ i: ids.nur! }) },
    { data: onsiteVisitButton.build({ r: ids.rep }) },
    { data: inviteButton.build({ u: unit, r: null }) },
    ...(['cadre', 'coordinator', 'board', 'admin'] as const).map((r) => ({
      data: inviteButton.build({ u: unit, r }),
    })),
    { data: accessDecisionButton.build({ d: 'a', i: ids.req }) },
    { data: accessDecisionButton.build({ d: 'd', i: ids.req }) },
    { data: summaryButton.build(filters) },
    { data: filterButton.build(filters) },
    { data: exportButton.build(filters) },
    // The campaign picker and the queue's pages: only what the presser's own grants reach.
    ...(['sm', 'sx', 'rv'] as const).flatMap((to) => [
      { data: pickCampaign.build({ to, c: campaign }) },
      { data: listCampaigns.build({ to }) },
    ]),
    { data: reviewCb.queuePage.build({ c: campaign, o: 0 }) },
    { data: languageButton.build({ l: 'vi' }), openToAll: 'sets the presser’s own language' },
    {
      data: accessRequestButton.build({ a: 'request' }),
      openToAll: 'anyone may ask to join a unit; it asks which unit, names no model, writes only on confirm',
    },
    { data: 'f:zz0:c:continue' },
    // /nguoidung: lists show only the presser's own area; actions on Rạch Giá's invite and person.
    { data: peopleButtons.list.build({ l: 'i' }) },
    { data: peopleButtons.list.build({ l: 'u' }) },
    { data: peopleButtons.revokeInvite.build({ i: ids.inv }) },
    { data: peopleButtons.askDeactivate.build({ i: ids.owner }) },
    { data: peopleButtons.deactivate.build({ i: ids.owner }) },
    // The workflow of issue 10 on Rạch Giá's models and round: tabs show only the presser's scope.
    ...cbEntries(round, unit),
    // Issue 10, after the honour: another district's honoured model's replications, and adding one.
    { data: cbAfterHonour.replications.build({ i: ids.hon! }) },
    { data: cbAfterHonour.addReplication.build({ i: ids.hon!, k: 'm' }) },
    { data: cbAfterHonour.addReplication.build({ i: ids.hon!, k: 'u' }) },
    {
      data: cbAfterHonour.honouredBefore.build({ c: campaign }),
      openToAll:
        'a coordinator may enter a model honoured before the campaign in their own scope (asked inside the form); others are refused; nothing is written before confirming',
    },
    // /vanban (issue 11): a document of Rạch Giá's unit, and the menus of a campaign the presser
    // may draft in only for their own district (nothing of Rạch Giá's models may show).
    { data: docKindButton.build({ c: campaign, k: 'models' }) },
    { data: docRoundButton.build({ c: campaign, k: 'report', r: 0 }) },
    { data: docMakeButton.build({ c: campaign, k: 'models', r: null, u: unit }) },
    { data: docMakeButton.build({ c: campaign, k: 'commendation', r: 0, u: unit }) },
    { data: docScopePageButton.build({ c: campaign, k: 'models', r: null, u: unit, p: 1 }) },
    // Malformed payloads of typed buttons: refused as stale where they are parsed.
    { data: 'pp:x' },
    { data: 'inv:nope:cadre' },
    { data: 'sc:zzz' },
  ];
});

function cbEntries(round: string, unit: string): { data: string }[] {
  return [
    ...STAGE_NAMES.map((s) => ({ data: cb.tab.build({ s }) })),
    { data: cb.forward.build({ i: ids.nur! }) },
    { data: cb.nextLevel.build({ i: ids.hon! }) },
    { data: cb.openRound.build({ d: 'so-ket-1', u: unit }) },
    { data: cb.standings.build({ r: round }) },
    { data: cb.score.build({ r: round, i: ids.sub! }) },
    { data: cb.select.build({ r: round, i: ids.apr! }) },
    { data: cb.decide.build({ r: round }) },
  ];
}

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

describe('an appraise button of an older message', () => {
  it('is answered as stale before anything is asked: appraisal happens only in a round', async () => {
    const coordinator = await makeUser('coordinator', world.chauThanh, 'Điều phối Châu Thành 2');
    const owner = await makeUser('cadre', world.chauThanh, 'Cán bộ Châu Thành 2');
    const ini = await makeInitiative(world, owner, world.chauThanh, {
      status: 'submitted',
      title: 'Mô hình nhà',
    });
    const tg = new FakeTelegram();
    const c = new Person(tg, makeBot(tg, clock()), coordinator.telegramId);
    await c.press(`rv:a:appraise:${String(ini._id)}:submitted`);
    expect(c.callbackAnswers()).toEqual([vi('form-button-stale')]);
    expect(c.messages()).toEqual([]);
    await c.send('25');
    expect(c.lastText()).toBe(vi('fallback-pointer'));
    expect((await Initiative.findById(ini._id).lean())!.status).toBe('submitted');
  });
});

describe('typed buttons: a payload that does not parse is answered "no longer valid" and nothing else', () => {
  it('for every prefix of /nguoidung, /moi, /kiemtra, /ngonngu, access requests, summaries and the picker', async () => {
    const coordinator = await makeUser('coordinator', world.rachGia, 'Điều phối Rạch Giá 2');
    const stale = vi('form-button-stale');
    const cases: [string, string][] = [
      ['pp:x', stale],
      ['ppir:not-an-id', stale],
      ['ppud:', stale],
      [`ppuy:${'A'.repeat(16)}:1`, stale],
      ['inv:nope:cadre', stale],
      [`${inviteButton.build({ u: ids.owner!, r: null })}x`, stale],
      ['os:', stale],
      ['lang:fr', stale],
      ['ar:x:y', stale],
      ['access:other', stale],
      ['sm:bad', stale],
      ['sf:', stale],
      ['sx:::::::', stale],
      ['st:nowhere', stale],
      ['cp:zz:AAAAAAAAAAAAAAAA', vi('cp-stale')],
      ['cl:zz', vi('cp-stale')],
    ];
    const tg = new FakeTelegram();
    const p = new Person(tg, makeBot(tg, clock()), coordinator.telegramId);
    const before = await snapshot();
    for (const [data] of cases) await p.press(data);
    expect(p.callbackAnswers()).toEqual(cases.map(([, text]) => text));
    expect(p.messages()).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
