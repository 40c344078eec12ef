import { describe, expect, it } from 'vitest';
import { onsiteVisitButton } from '../../src/bot/callback-data.ts';
import { OnsiteDraw, OnsiteVisit } from '../../src/db/models/evidence.ts';
import { replayDraw } from '../../src/services/evidence/onsite.ts';
import { scenePhoto } from '../evidence/images.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { worldMakers } from '../support/data-world.ts';
import { clock, monthKey, monthShown, shown, TODAY, type World } from '../support/fixtures.ts';
import { type FakeTelegram, makeBot, Person } from '../support/telegram.ts';

let world: World;
let tg: FakeTelegram;

const the = useBotWorld((w) => ({ world, tg } = w));
const make = worldMakers(() => world);

describe('/kiemtra: on-site checks', () => {
  it('shows the draw of the last period with its seed and records a visit through the buttons it showed', async () => {
    const cadre = await make.user('cadre', world.communes[0]!);
    const coordinator = await make.user('coordinator', world.chauThanh, 'Hùng');
    const reports = [];
    for (let i = 0; i < 3; i++) {
      const ini = await make.model(cadre, world.communes[0]!, { status: 'nurturing' });
      reports.push({ ini, rep: await make.report(ini, cadre, monthKey(-1)) });
    }
    const c = new Person(tg, makeBot(tg, clock()), coordinator.telegramId);
    await c.send('/kiemtra');
    const draw = (await OnsiteDraw.findOne().lean())!;
    expect(draw.chosen).toHaveLength(1); // 10 % of 3, at least one
    expect(replayDraw(draw.seed, draw.candidates, draw.share)).toEqual([...draw.chosen]);
    const chosen = reports.find((r) => String(r.rep._id) === draw.chosen[0])!;
    const text = c.lastText();
    expect(text).toContain(`Kiểm tra thực tế kỳ ${monthShown(-1)}`);
    expect(text).toContain(`Xã Bình An</b>: bốc 1/3 báo cáo (10%), mã hạt giống ${draw.seed.slice(0, 16)}`);
    await c.tap(`🏠 ${chosen.ini.code}`);
    await c.tap('Hôm nay');
    await c.send('Đ/c Hùng, Trưởng ban Dân vận huyện');
    await c.send('Sổ vay vốn ghi đủ, gặp 2 hộ được vay');
    await c.sendPhoto('', await scenePhoto(21));
    expect(c.lastText()).toContain('Đã nhận 1 ảnh');
    await c.tap('Xong');
    await c.tap('Đúng thực tế');
    expect(c.lastText()).toContain(`Đã ghi nhận kiểm tra thực tế ${chosen.ini.code} kỳ ${monthShown(-1)}`);
    const visit = (await OnsiteVisit.findOne().lean())!;
    expect(visit).toMatchObject({
      visitDay: TODAY,
      verdict: 'verified',
      who: 'Đ/c Hùng, Trưởng ban Dân vận huyện',
    });
    expect(visit.photoIds).toHaveLength(1);

    await c.send('/duyet');
    await c.tap(chosen.ini.code);
    expect(c.messages().at(-1)!.text).toContain(`Kiểm tra thực tế</b> ngày ${shown(0)}`);
  });

  it('a forged button for a report that was not drawn is refused before anything is asked', async () => {
    const cadre = await make.user('cadre', world.communes[0]!);
    const coordinator = await make.user('coordinator', world.chauThanh);
    const ini = await make.model(cadre, world.communes[0]!, { status: 'nurturing' });
    const rep = await make.report(ini, cadre, monthKey(-1));
    const c = new Person(tg, makeBot(tg, clock()), coordinator.telegramId);
    await c.press(onsiteVisitButton.build({ r: String(rep._id) }));
    expect(c.lastText()).toContain('không có trong danh sách bốc thăm');
    expect(c.lastText()).not.toContain('Ngày kiểm tra');
  });

  it('a cadre has no on-site checks', async () => {
    const p = await the.person('cadre', world.communes[0]!);
    await p.send('/kiemtra');
    expect(p.lastText()).toContain('không có quyền');
    expect(await OnsiteDraw.countDocuments()).toBe(0);
  });
});
