import { describe, expect, it } from 'vitest';
import { AuditEvent, CouncilScore, Initiative, ProgressReport } from '../../src/db/models/index.ts';
import { useBotWorld } from '../support/bot-world.ts';
import {
  at,
  makeInitiative,
  makeReport,
  makeUser,
  monthKey,
  monthShown,
  type World,
} from '../support/fixtures.ts';
import { nomineeToScore } from '../support/round.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;

const the = useBotWorld((w) => ({ world, tg } = w));

/** A cadre of the first commune (`k`) and a coordinator of Châu Thành (`c`) on one bot. */
async function people() {
  const { cadre: k, coordinator: c } = await the.cadreAndCoordinator();
  return { cadre: k.user, coordinator: c.user, bot: the.bot, c, k };
}

/** `/duyet MÃ` takes codes in capitals, as the bot writes them; the fixtures' codes end in lower case. */
async function typedCode(ini: { _id: unknown; code: string }): Promise<string> {
  const code = ini.code.toUpperCase();
  await Initiative.updateOne({ _id: ini._id }, { $set: { code } });
  return code;
}

describe('/duyet: the review queue', () => {
  it('lists new registrations and reports oldest first with counts, and says so when empty', async () => {
    const { cadre, c } = await people();
    await c.send('/duyet');
    expect(c.lastText()).toContain('Không có gì chờ xem xét');
    const old = await makeInitiative(world, cadre, world.communes[0]!, { title: 'Mô hình cũ' });
    await Initiative.updateOne({ _id: old._id }, { $set: { statusChangedAt: at(-26, 7) } });
    await makeInitiative(world, cadre, world.communes[0]!, { title: 'Mô hình mới' });
    const nurtured = await makeInitiative(world, cadre, world.communes[0]!, {
      status: 'nurturing',
      title: 'Mô hình có báo cáo',
    });
    await makeReport(nurtured, cadre, monthKey(0));
    await makeInitiative(world, cadre, world.rachGia, { title: 'Ngoài phạm vi' });
    await c.send('/duyet');
    const text = c.lastText();
    expect(text).toContain('2 đăng ký mới, 1 báo cáo mới');
    expect(text.indexOf('Mô hình cũ')).toBeLessThan(text.indexOf('Mô hình mới'));
    expect(text).not.toContain('Ngoài phạm vi');
    expect(text).toContain(`kỳ ${monthShown(0)} · tiến độ 20% · 1 minh chứng`);
  });

  it('accepts a registration: nurturing, audit event, cadre told', async () => {
    const { cadre, c, k } = await people();
    const ini = await makeInitiative(world, cadre, world.communes[0]!);
    await c.send('/duyet');
    await c.tap(ini.code);
    expect(c.lastText()).toContain('Thực trạng, lý do');
    await c.tap('Tiếp nhận');
    expect(c.lastText()).toContain('Đang chăm bồi');
    expect((await Initiative.findById(ini._id).lean())!.status).toBe('nurturing');
    expect(await AuditEvent.countDocuments({ entityId: ini._id, action: 'accept' })).toBe(1);
    expect(k.lastText()).toContain('đã được tiếp nhận');
  });

  it('returns with a reason; the cadre edits and resubmits; it is back in the queue', async () => {
    const { cadre, c, k } = await people();
    const ini = await makeInitiative(world, cadre, world.communes[0]!);
    await c.send('/duyet');
    await c.tap(ini.code);
    await c.tap('Trả lại');
    await c.send('');
    await c.send('Chỉ tiêu chưa đo đếm được');
    expect(c.lastText()).toContain('Trả lại để sửa');
    expect(k.lastText()).toContain('Chỉ tiêu chưa đo đếm được');
    await k.send('/mohinh');
    await k.tap(ini.code);
    await k.tap('Sửa');
    await k.tap('Sửa một mục');
    await k.tap('Mục tiêu, tiêu chí');
    await k.send('Mỗi năm 10 hộ nghèo được vay vốn và 5 hộ thoát nghèo.');
    await k.tap('Xác nhận');
    expect(k.lastText()).toContain('gửi lại');
    expect(c.lastText()).toContain('sửa và gửi lại');
    await c.send('/duyet');
    expect(c.lastText()).toContain('gửi lại sau khi sửa');
    const saved = (await Initiative.findById(ini._id).lean())!;
    expect(saved).toMatchObject({
      status: 'registered',
      goals: 'Mỗi năm 10 hộ nghèo được vay vốn và 5 hộ thoát nghèo.',
    });
  });

  it('shows a report with its evidence, verifies it, and questions another with a note', async () => {
    const { cadre, c, k } = await people();
    const ini = await makeInitiative(world, cadre, world.communes[0]!, { status: 'nurturing' });
    const rep = await makeReport(ini, cadre, monthKey(0));
    await c.send('/duyet');
    await c.tap(`${ini.code} · ${monthShown(0)}`);
    expect(c.lastText()).toContain(`Báo cáo kỳ ${monthShown(0)}`);
    expect(tg.sent('sendPhoto', c.id).at(-1)?.payload.photo).toBe('AgAC-photo');
    await c.tap('Đã xác minh');
    expect((await ProgressReport.findById(rep._id).lean())!.verification).toBe('verified');
    expect(k.lastText()).toContain('đã được xác minh');
    const rep2 = await makeReport(ini, cadre, monthKey(-1));
    await c.send('/duyet');
    await c.tap(`${ini.code} · ${monthShown(-1)}`);
    await c.tap('Cần làm rõ');
    await c.send('Ảnh chưa đúng địa bàn ấp');
    const after = (await ProgressReport.findById(rep2._id).lean())!;
    expect(after).toMatchObject({ verification: 'questioned', verificationNote: 'Ảnh chưa đúng địa bàn ấp' });
    expect(k.lastText()).toContain('Ảnh chưa đúng địa bàn ấp');
    // The report's card, opened again, says what was asked to be clarified.
    await c.tap(`${ini.code} · ${monthShown(-1)}`);
    expect(c.textsSince(0).join('\n')).toContain('<b>Điều cần làm rõ</b>: Ảnh chưa đúng địa bàn ấp');
  });

  it("offers only accept, return and replicate on a card: appraisal, selection and honours are the rounds' ", async () => {
    const { cadre, c } = await people();
    const board = await makeUser('board', world.province, 'Ban Chỉ đạo tỉnh');
    const b = new Person(tg, c.bot, board.telegramId);
    const labels = (p: Person) =>
      p
        .allMessages()
        .at(-1)!
        .buttons.map((x) => x.text);
    const replicate = '🌱 Nhân rộng từ mô hình khác';
    const expected: Record<string, string[]> = {
      registered: ['✅ Tiếp nhận', '↩️ Trả lại', replicate],
      nurturing: [replicate],
      submitted: ['↩️ Trả lại', replicate],
      appraised: [replicate],
      selected: [replicate],
    };
    for (const status of ['registered', 'nurturing', 'submitted', 'appraised', 'selected'] as const) {
      const ini = await makeInitiative(world, cadre, world.communes[0]!, {
        status,
        title: `Mô hình ${status}`,
      });
      const code = await typedCode(ini);
      for (const p of [c, b]) {
        await p.send(`/duyet ${code}`);
        expect(p.lastText()).toContain(`Mô hình ${status}`);
        // The coordinator also gets the round's "put forward" button on a nurturing model.
        const actions = labels(p).filter((x) => !x.startsWith('➡️ Đưa ra xét'));
        expect(actions, `${status} for ${p === c ? 'the coordinator' : 'the board'}`).toEqual(
          expected[status],
        );
      }
    }
  });

  it('records from the card that a model replicates an honoured one (unknown code asked again)', async () => {
    const { cadre, k } = await people();
    const board = await makeUser('board', world.province, 'Ban Chỉ đạo tỉnh');
    const b = new Person(tg, k.bot, board.telegramId);
    const source = await makeInitiative(world, cadre, world.communes[0]!, { status: 'honoured' });
    const copy = await makeInitiative(world, cadre, world.communes[1]!, {
      status: 'nurturing',
      title: 'Bản nhân rộng',
    });
    await b.send(`/duyet ${await typedCode(copy)}`);
    await b.tap('Nhân rộng từ mô hình khác');
    await b.send('DVK-0000-0000');
    expect(b.textsSince(b.messages().length - 2)[0]).toContain('Không có mô hình mã');
    await b.send(source.code);
    expect(b.lastText()).toContain(`nhân rộng từ ${source.code}`);
    expect((await Initiative.findById(copy._id).lean())!.replicatedFrom?.toString()).toBe(String(source._id));
    expect((await Initiative.findById(source._id).lean())!.replicationCount).toBe(1);
    expect(k.lastText()).toContain(`đã được nhân rộng`);
  });

  it('lets one of two coordinators acting at once win and tells the other', async () => {
    const { cadre, c } = await people();
    const other = await makeUser('coordinator', world.chauThanh, 'Lê Thị Hoa');
    const o = new Person(tg, c.bot, other.telegramId);
    const ini = await makeInitiative(world, cadre, world.communes[0]!);
    for (const p of [c, o]) {
      await p.send('/duyet');
      await p.tap(ini.code);
    }
    await Promise.all([c.tap('Tiếp nhận'), o.tap('Tiếp nhận')]);
    const answers = [...c.callbackAnswers(), ...o.callbackAnswers()].filter(Boolean);
    expect(answers.some((a) => /người khác vừa xử lý|đang ở trạng thái/.test(a))).toBe(true);
    expect(await AuditEvent.countDocuments({ entityId: ini._id, action: 'accept' })).toBe(1);
  });
});

describe('scoring moved from the card to the round', () => {
  it('a council member scores a nominee: a score over the maximum is asked again, the total confirmed', async () => {
    const { clock: inRound, member, nominee: ini } = await nomineeToScore(world);
    const m = new Person(tg, makeBot(tg, inRound), member.telegramId);
    await m.send('/duyet');
    await m.tap('Chờ chấm điểm');
    await m.tap(`Chấm: ${ini.code}`);
    await m.send('31');
    expect(m.textsSince(m.messages().length - 2)[0]).toContain('tối đa của tiêu chí này là 30');
    for (const s of ['28', '20', '12', '15', '13']) await m.send(s);
    await m.send('Mô hình thiết thực, có minh chứng đầy đủ.');
    await m.tap('Xác nhận 88/100');
    expect(m.lastText()).toContain('Đã ghi điểm 88/100');
    const saved = await CouncilScore.find({ initiativeId: ini._id }).lean();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ total: 88, comment: 'Mô hình thiết thực, có minh chứng đầy đủ.' });
  });
});
