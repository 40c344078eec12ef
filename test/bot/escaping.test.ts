import { describe, expect, it } from 'vitest';
import { Initiative, Unit, User } from '../../src/db/models/index.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { clock, makeUser, type World } from '../support/fixtures.ts';
import { fillRegistration } from '../support/registration.ts';
import { type FakeTelegram, htmlToText, makeBot, Person, telegramHtmlProblem } from '../support/telegram.ts';

/** What people type: tags, an entity that must stay literal, a stray closing tag. */
const EVIL = '<b>x</b> & Co &amp; </a>';

let world: World;
let tg: FakeTelegram;

const the = useBotWorld((w) => ({ world, tg } = w));

/** Every HTML message sent to this chat, as the person sees it. */
function seen(chatId: number): string[] {
  return tg.calls
    .filter((c) => c.payload.parse_mode === 'HTML' && Number(c.payload.chat_id) === chatId)
    .map((c) => htmlToText(String(c.payload.text ?? c.payload.caption ?? '')));
}

describe('the Telegram HTML checker used by the fake Telegram', () => {
  it('accepts what Telegram accepts', () => {
    for (const ok of [
      'plain',
      '<b>đậm</b> &amp; &lt;b&gt; &quot;x&quot; &#39; &#x1F600;',
      '<a href="https://t.me/x?start=AB">link</a> <i><u>x</u></i>',
      '<span class="tg-spoiler">s</span> <pre><code class="language-ts">x</code></pre>',
      '<blockquote expandable>q</blockquote>',
    ])
      expect(telegramHtmlProblem(ok), ok).toBeNull();
  });

  it('refuses what Telegram refuses', () => {
    for (const bad of [
      '<b>x</b> & Co',
      'a < b',
      'a > b',
      '&nbsp;',
      '<b>x',
      'x</a>',
      '<b><i>x</b></i>',
      '<div>x</div>',
      '<span>x</span>', // a span only as a spoiler
      EVIL,
    ])
      expect(telegramHtmlProblem(bad), bad).not.toBeNull();
  });

  it('shows entities as the literal characters', () => {
    expect(htmlToText('<b>&lt;b&gt;x&lt;/b&gt; &amp; Co &amp;amp; &lt;/a&gt;</b>')).toBe(EVIL);
  });
});

describe('user-supplied text in HTML messages is escaped', () => {
  it('/start greets a person whose name is full of markup', async () => {
    const p = await the.person('cadre', world.chauThanh, EVIL);
    const cadre = p.user;
    await p.send('/start');
    expect(tg.htmlErrors).toEqual([]);
    expect(seen(cadre.telegramId).at(-1)).toContain(`Chào ${EVIL}!`);
  });

  it('a new person named with markup asks to join; the coordinator gets the request and decides', async () => {
    const coordinator = await makeUser('coordinator', world.chauThanh, 'Trần Văn Minh');
    const stranger = 555_001;
    const p = new Person(tg, makeBot(tg, clock()), stranger, EVIL);
    await p.send('/start');
    await p.tap('Gửi yêu cầu tham gia');
    await p.send('Bình An');
    await p.tap('Xã Bình An');
    await p.tap(EVIL); // "use my Telegram name"
    expect(seen(stranger).at(-1)).toContain(`với tên ${EVIL}?`);
    await p.tap('Xác nhận');
    const c = new Person(tg, p.bot, coordinator.telegramId);
    expect(seen(coordinator.telegramId).at(-1)).toContain(`Yêu cầu tham gia: ${EVIL}`);
    await c.tap('Đồng ý');
    expect(tg.htmlErrors).toEqual([]);
    expect((await User.findOne({ telegramId: stranger }).lean())!.roles).toHaveLength(1);
  });

  it('a model titled with markup, in a unit named with markup: /dangky, the coordinator notice, /duyet, return, /mohinh, /tonghop', async () => {
    await Unit.updateOne({ code: 'kg-ct-binh-an' }, { $set: { name: `Xã Bình An ${EVIL}` } });
    const cadre = await makeUser('cadre', world.chauThanh, `Cán bộ ${EVIL}`);
    const coordinator = await makeUser('coordinator', world.chauThanh, 'Trần Văn Minh');
    const bot = makeBot(tg, clock());
    const p = new Person(tg, bot, cadre.telegramId);
    const c = new Person(tg, bot, coordinator.telegramId);

    await p.send('/dangky');
    await fillRegistration(p, undefined, {
      texts: {
        title: `Mô hình ${EVIL}`,
        ownerName: `Chi hội ${EVIL}`,
        situation: `Thực trạng ${EVIL}`,
        indicator: `Chỉ tiêu ${EVIL}`,
      },
      afterIndicator: () => expect(seen(cadre.telegramId).at(-1)).toContain(`Chỉ tiêu ${EVIL}`),
    });
    const summary = seen(cadre.telegramId).at(-1)!;
    expect(summary).toContain(`Mô hình ${EVIL}`);
    expect(summary).toContain(`Xã Bình An ${EVIL}`);
    await p.tap('Xác nhận');
    expect(tg.htmlErrors).toEqual([]);
    const ini = (await Initiative.findOne().lean())!;
    expect(ini.title).toBe(`Mô hình ${EVIL}`);

    // The coordinator's notice names the model and the cadre literally.
    const notice = seen(coordinator.telegramId).at(-1)!;
    expect(notice).toContain(`Mô hình ${EVIL}`);
    expect(notice).toContain(`Cán bộ ${EVIL}`);

    await c.send('/duyet');
    expect(seen(coordinator.telegramId).at(-1)).toContain(`Mô hình ${EVIL}`);
    expect(seen(coordinator.telegramId).at(-1)).toContain(`Xã Bình An ${EVIL}`);
    await c.tap(ini.code);
    expect(seen(coordinator.telegramId).at(-1)).toContain(`Thực trạng ${EVIL}`);
    await c.tap('Trả lại');
    expect(seen(coordinator.telegramId).at(-1)).toContain(`Mô hình ${EVIL}`);
    await c.send(`Lý do ${EVIL}`);
    expect(seen(cadre.telegramId).at(-1)).toContain(`Lý do ${EVIL}`);

    await p.send('/mohinh');
    expect(seen(cadre.telegramId).at(-1)).toContain(`Mô hình ${EVIL}`);
    await p.tap(ini.code);
    const details = seen(cadre.telegramId).at(-1)!;
    expect(details).toContain(`Chi hội ${EVIL}`);
    expect(details).toContain(`Xã Bình An ${EVIL}`);
    expect(details).toContain(`Lý do ${EVIL}`);
    expect(details).toContain(`Chỉ tiêu ${EVIL}`);

    await c.send('/tonghop');
    expect(seen(coordinator.telegramId).some((t) => t.includes(`Xã Bình An ${EVIL}`))).toBe(true);
    expect(tg.htmlErrors).toEqual([]);
  });
});
