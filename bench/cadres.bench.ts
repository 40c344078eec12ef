/**
 * Load benchmark: many simulated cadres go through /dangky (to the final confirm) and /baocao (with
 * a photo as evidence, to the confirm) at the same time, through `createBot` on the real database,
 * next to a bare grammY bot with the same conversation storage, measured in the same run.
 *
 *   bash scripts/test-db.sh npm run bench:cadres          # throwaway FerretDB, MONGODB_URI set
 *   BENCH_CADRES=100 bash scripts/test-db.sh npm run bench:cadres
 *
 * Env: MONGODB_URI (required), BENCH_CADRES (concurrent cadres per phase, default 50),
 * BENCH_ROUNDS (default 4), BENCH_WARMUP (cadres run before measuring in each phase, default 2),
 * BENCH_ONE_BY_ONE=1 (the cadres of a phase one after the other instead of together, and the CPU
 * time of every update by its position in the form: a diagnostic, not the load test),
 * BENCH_CPU_PROF (a directory: every phase writes a V8 CPU profile of its measured part there,
 * `phase-<n>-<bot>.cpuprofile`, readable with Chrome DevTools or `node bench/profile-summary.ts`),
 * BENCH_TRACE=1 (the database commands of every update of one cadre of the bot's counting phase, in
 * the order sent: which commands an update costs, not only how many), BENCH_THINK_MS (each cadre
 * pauses before every update after its first, a random 0.5-1.5× this many milliseconds, as a person
 * reads and types: both bots then get the same updates per second, below what either can handle,
 * instead of each as many as it can take; default 0, no pause).
 *
 * Each cadre's updates are handled one after the other (like Telegram with sequentialize per
 * chat); all cadres of a phase run concurrently. Every phase runs in a fresh child process (so peak
 * RSS belongs to that bot alone) on the same fresh database. First a counting phase of each bot:
 * every command the MongoDB driver sends (command monitoring, `monitorCommands: true`,
 * `commandStarted` events on the mongoose connection's client), in total and attributed to the
 * update that caused it (AsyncLocalStorage), so the table shows commands per update on the hot
 * paths: the answers inside /dangky and /baocao. That bookkeeping costs CPU per command and per
 * promise, more for the bot, so times are not taken from it: then the timed phases, without it, in
 * the order bare, bot, bot, bare, bare, bot ... (one bot and one bare phase per round), so that a
 * change of machine load during the run weighs on both bots alike; the samples of a bot's timed
 * phases are pooled, and the CPU ratio is also given round by round. Measured per timed
 * phase: bot.handleUpdate duration of every update, updates/s (updates / wall time), peak RSS (the
 * kernel's, at the end) and heap (every 250 ms), and CPU time of the process.
 * At the end the database must hold exactly one new model and one report per cadre sent through
 * the bot, else the run exits 1.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  type Conversation,
  type ConversationData,
  type ConversationFlavor,
  conversations,
  createConversation,
} from '@grammyjs/conversations';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import mongoose from 'mongoose';
import pino from 'pino';
import type { BotContext } from '../src/bot/context.ts';
import { createBot } from '../src/bot/index.ts';
import { connectMongoose } from '../src/db/connection.ts';
import { Claim, Initiative, ProgressReport } from '../src/db/models/index.ts';
import { keyedConversationStorage } from '../src/services/chat-state.ts';
import { clock as makeClock, makeInitiative, makeUser, seedWorld } from '../test/support/fixtures.ts';
import { BOT_INFO, FakeTelegram, Person, testConfig } from '../test/support/telegram.ts';

// ---------------------------------------------------------------------------------------------
// What each cadre does (the same answers as test/bot/register.test.ts and report.test.ts).

type Action = { kind: 'text'; text: string } | { kind: 'tap'; label: string } | { kind: 'photo' };
const text = (t: string): Action => ({ kind: 'text', text: t });
const tap = (label: string): Action => ({ kind: 'tap', label });

const REGISTER: Action[] = [
  text('/dangky'),
  text('Tổ tự quản "Xóm đạo bình yên"'),
  tap('Tập thể'),
  text('Chi hội Phụ nữ ấp Bình Lợi'),
  text('binh an'),
  tap('Xã Bình An'),
  tap('Văn hóa'),
  tap('Cơ sở'),
  text('Rác thải sinh hoạt đổ ra kênh, gây ô nhiễm và dịch bệnh.'),
  text('Đến hết năm 2027, 100% hộ phân loại rác tại nguồn.'),
  text('Họp dân từng xóm, mỗi tổ tự quản phân công người nhắc nhở.'),
  text('Ấp Bình Lợi'),
  text('120 hộ dân ấp Bình Lợi'),
  text('Chi hội Phụ nữ chủ trì, Đoàn Thanh niên phối hợp'),
  text('Hội viên góp ngày công, xã hỗ trợ thùng rác'),
  text('01/12/2026'),
  text('30/11/2027'),
  text('Sổ theo dõi, hình ảnh trước và sau'),
  text('Số hộ tham gia'),
  text('hộ'),
  text('120'),
  tap('Xong'),
  text('Duy trì qua tổ tự quản, nhân rộng sang ấp khác'),
  tap('Bỏ qua'),
  tap('Xác nhận'),
];

const REPORT: Action[] = [
  text('/baocao'),
  tap('11/2026'),
  text('Họp chi hội 2 lần, giải ngân cho 3 hộ nghèo.'),
  text('3'),
  text('30%'),
  text('25'),
  text('120'),
  tap('Bỏ qua'), // funds
  { kind: 'photo' },
  tap('Xong'),
  tap('Bỏ qua'), // difficulties
  text('Đúng tiến độ, bà con đồng tình.'),
  tap('Xác nhận'),
];

const FLOWS = [
  { name: 'dangky', actions: REGISTER },
  { name: 'baocao', actions: REPORT },
] as const;
const UPDATES_PER_CADRE = REGISTER.length + REPORT.length;

type Kind = 'bot' | 'bare';
const LABEL: Record<Kind, string> = { bot: 'Dân Vận Bot', bare: 'bare grammY + same storage' };

interface PhaseSpec {
  n: number;
  kind: Kind;
  /**
   * A counting phase: every database command is counted and attributed to its update (the
   * driver's command monitoring, AsyncLocalStorage). That bookkeeping costs CPU per command and per
   * promise, more for the bot, which makes more of both, so the timed phases run without it.
   */
  count: boolean;
  dbName: string;
  warm: number[];
  ids: number[];
}

interface PhaseOut {
  kind: Kind;
  updates: number;
  seconds: number;
  cpuSeconds: number;
  /** CPU spent inside the in-process fake Telegram's handling of the bot's calls (see fakeCpu). */
  fakeCpuSeconds: number;
  /** Of cpuSeconds, the main thread's (JavaScript, the event loop), where Linux tells (else null). */
  mainCpuSeconds: number | null;
  /** [ms, flow index, step, CPU ms (BENCH_ONE_BY_ONE only, else -1)] per update. */
  samples: [number, number, number, number][];
  peakRssMb: number;
  peakHeapMb: number;
  dbOps: Record<string, number>;
  /** Commands per `flow:step`, attributed through AsyncLocalStorage. */
  cmdByStep: Record<string, number>;
  /** BENCH_TRACE: the commands of each update (`flow:step`) of the phase's first measured cadre. */
  cmdTrace: Record<string, string[]>;
  failures: string[];
  loggedErrors: number;
}

const env = process.env;
const fakeToken = '123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz';

// ---------------------------------------------------------------------------------------------
// Child: one phase (one bot, warm-up then the measured cadres), result written as JSON.

interface InboxMessage {
  text: string;
  buttons: InlineKeyboardButton.CallbackButton[];
  method: string;
  /** Telegram's id of the message, once it answered (a tap names the message it was on). */
  readonly messageId: number | undefined;
}

/** sendMessage calls per chat, indexed incrementally (Person.messages() rescans every call). */
class Inbox {
  private seen = 0;
  private byChat = new Map<number, InboxMessage[]>();
  constructor(private readonly tg: FakeTelegram) {}
  of(chatId: number) {
    const calls = this.tg.calls;
    for (; this.seen < calls.length; this.seen++) {
      const c = calls[this.seen]!;
      if (c.method !== 'sendMessage') continue;
      const id = Number(c.payload.chat_id);
      let list = this.byChat.get(id);
      if (!list) {
        list = [];
        this.byChat.set(id, list);
      }
      const kb = c.payload.reply_markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined;
      list.push({
        method: 'sendMessage',
        text: String(c.payload.text),
        buttons: (kb?.inline_keyboard ?? []).flat() as InlineKeyboardButton.CallbackButton[],
        // Read when needed: another cadre's call may still be in flight while this one is indexed.
        get messageId() {
          return (c.result as { message_id?: number } | undefined)?.message_id;
        },
      });
    }
    return this.byChat.get(chatId) ?? [];
  }
}

class BenchPerson extends Person {
  constructor(
    tg: FakeTelegram,
    bot: Bot<BotContext>,
    id: number,
    private readonly inbox: Inbox,
  ) {
    super(tg, bot, id);
  }
  override messages() {
    return this.inbox.of(this.id);
  }
  override allMessages() {
    return this.inbox.of(this.id);
  }
}

/**
 * Peak memory of the phase, at little cost to the phase it measures (a sampler's own CPU weighs
 * more on the slower bot, whose phase lasts longer): the process's peak RSS from the kernel at the
 * end (each phase is its own process), the heap sampled every 250 ms.
 */
class MemorySampler {
  peakRss = 0;
  peakHeap = 0;
  private timer?: NodeJS.Timeout;
  start() {
    const tick = () => {
      const heap = v8.getHeapStatistics().used_heap_size;
      if (heap > this.peakHeap) this.peakHeap = heap;
    };
    tick();
    this.timer = setInterval(tick, 250);
  }
  stop() {
    clearInterval(this.timer);
    this.peakRss = process.resourceUsage().maxRSS * 1024;
  }
}

type BareContext = ConversationFlavor<Context>;

/**
 * The CPU the fake Telegram spends handling the bot's calls (checking a message's HTML, keeping
 * the chat, building Telegram's answer): Telegram's servers do this, not the bot. Measured around
 * the synchronous run of its method handler, which is all of it for the methods the forms use
 * (sendMessage, editMessageReplyMarkup, answerCallbackQuery); reading the request body and
 * writing the response around it are not included, so the share is a lower bound.
 */
function measureFakeTelegram(tg: FakeTelegram) {
  const api = tg as unknown as { handle: (method: string, p: Record<string, unknown>) => Promise<unknown> };
  const handle = api.handle.bind(tg);
  let micros = 0;
  // The handler runs synchronously, so its elapsed time is its CPU time; performance.now() costs
  // next to nothing, where process.cpuUsage() (a system call, about three a bot update and one a
  // bare update) took 8.7 % of the bot phase's CPU profile and so weighed on the bot's figure.
  api.handle = (method, p) => {
    const t0 = performance.now();
    try {
      return handle(method, p);
    } finally {
      micros += (performance.now() - t0) * 1000;
    }
  };
  return {
    reset: () => {
      micros = 0;
    },
    seconds: () => micros / 1e6,
  };
}

/**
 * CPU seconds so far of this process's main thread (where JavaScript and the event loop run), from
 * Linux's per-thread counters (/proc/self/task/<pid>/stat, in clock ticks), or null elsewhere. The
 * rest of the process's CPU is V8's helper threads (garbage collection, optimising compilation)
 * and libuv's thread pool.
 */
function mainThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, USER_HZ = 100 on Linux
  } catch {
    return null;
  }
}

/** A V8 CPU profile of this process from now until `stop` (the inspector's Profiler domain). */
async function startProfile() {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function runChild(spec: PhaseSpec, outFile: string): Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const clk = makeClock();

  const dbOps = new Map<string, number>();
  const cmdByStep = new Map<string, number>();
  /** The update a command belongs to: its cadre and its `flow:step`. */
  const updateTag = new AsyncLocalStorage<{ id: number; step: string }>();
  const cmdTrace = new Map<string, string[]>();
  const traceId = env.BENCH_TRACE === '1' ? spec.ids[0] : undefined;
  let loggedErrors = 0;
  const errorLogger = pino(
    { level: 'error' },
    {
      write(line: string) {
        loggedErrors++;
        if (loggedErrors <= 3) console.error(`bot logged: ${line.slice(0, 1500)}`);
      },
    },
  );

  /** The real bot, wired exactly as main wires it, with a logger that counts errors. */
  const realBot = (tg: FakeTelegram) =>
    createBot(
      { config: testConfig(), logger: errorLogger, clock: clk },
      {
        token: fakeToken,
        botInfo: BOT_INFO,
        client: { fetch: tg.fetch, apiRoot: 'https://telegram.test' },
        conversationVersion: 'bench',
      },
    );

  /**
   * A bare grammY bot: sequentialize per chat, the conversations plugin on the same storage adapter
   * (keyedConversationStorage over the ConversationState model, same key and prefix), and a trivial
   * conversation that replies once to every update, entered by the same two commands and lasting
   * the same number of updates as the real forms.
   */
  const bareBot = (tg: FakeTelegram) => {
    const bot = new Bot<BareContext>(fakeToken, {
      botInfo: BOT_INFO,
      client: { fetch: tg.fetch, apiRoot: 'https://telegram.test' },
    });
    bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
    bot.use(
      conversations<BareContext, Context>({
        storage: {
          type: 'key',
          version: 'bench',
          prefix: 'conv:',
          getStorageKey: (ctx) => ctx.chatId?.toString(),
          adapter: keyedConversationStorage<ConversationData>(clk),
        },
      }),
    );
    bot.use(
      createConversation(
        async (conversation: Conversation<BareContext, Context>, ctx: Context, updates: number) => {
          await ctx.reply('ok');
          for (let i = 1; i < updates; i++) {
            const next = await conversation.wait();
            await next.reply('ok');
          }
        },
        'echo',
      ),
    );
    bot.command('dangky', (ctx) => ctx.conversation.enter('echo', REGISTER.length));
    bot.command('baocao', (ctx) => ctx.conversation.enter('echo', REPORT.length));
    return bot;
  };

  let bareTap = 0;
  const act = async (p: Person, a: Action) => {
    if (a.kind === 'text') await p.send(a.text);
    else if (a.kind === 'photo') await p.sendPhoto('Buổi họp chi hội');
    else if (spec.kind === 'bot') await p.tap(a.label);
    else await p.press(`f:bench${bareTap++}:c:${a.label}`);
  };

  // As connectMongoose, plus the driver's command monitoring: every command sent is counted.
  mongoose.set('strictQuery', true);
  await mongoose.connect(env.MONGODB_URI!, {
    dbName: spec.dbName,
    serverSelectionTimeoutMS: 10_000,
    autoIndex: false,
    monitorCommands: spec.count,
  });
  mongoose.connection.getClient().on('commandStarted', (e) => {
    const target = e.command[e.commandName];
    const k = `${typeof target === 'string' ? target : e.databaseName}.${e.commandName}`;
    dbOps.set(k, (dbOps.get(k) ?? 0) + 1);
    const update = updateTag.getStore();
    const tag = update?.step ?? 'none';
    cmdByStep.set(tag, (cmdByStep.get(tag) ?? 0) + 1);
    if (update && update.id === traceId) cmdTrace.set(tag, [...(cmdTrace.get(tag) ?? []), k]);
  });
  const tg = new FakeTelegram();
  const fakeCpu = measureFakeTelegram(tg);
  const inbox = new Inbox(tg);
  const bot = (spec.kind === 'bot' ? realBot(tg) : bareBot(tg)) as unknown as Bot<BotContext>;
  const orig = bot.handleUpdate.bind(bot);
  let samples: [number, number, number, number][] = [];

  // BENCH_ONE_BY_ONE: the cadres one after the other, so that the process's CPU time around an
  // update is that update's own (a system call per update: a diagnostic mode, not the load test).
  const oneByOne = env.BENCH_ONE_BY_ONE === '1';
  /** Every cadre concurrently (or one by one), each cadre's updates in order; stops a cadre at its first failure. */
  const drive = async (ids: number[], failures: string[]) => {
    if (!oneByOne) return together(ids, failures);
    for (const id of ids) await together([id], failures);
  };
  const thinkMs = Number(env.BENCH_THINK_MS ?? 0);
  const think = () =>
    thinkMs > 0 ? new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random()))) : undefined;
  const together = async (ids: number[], failures: string[]) =>
    Promise.all(
      ids.map(async (id) => {
        const tag: [number, number] = [0, 0];
        // A facade of the one bot whose handleUpdate times and tags this person's updates.
        const facade = Object.create(bot) as Bot<BotContext>;
        facade.handleUpdate = async (u, w) => {
          const t0 = performance.now();
          const c0 = oneByOne ? process.cpuUsage() : null;
          try {
            return spec.count
              ? await updateTag.run({ id, step: `${tag[0]}:${tag[1]}` }, () => orig(u, w))
              : await orig(u, w);
          } finally {
            const cpu = c0 ? process.cpuUsage(c0) : null;
            samples.push([performance.now() - t0, tag[0], tag[1], cpu ? (cpu.user + cpu.system) / 1000 : -1]);
          }
        };
        const person = new BenchPerson(tg, facade, id, inbox);
        for (const [f, flow] of FLOWS.entries()) {
          for (const [step, a] of flow.actions.entries()) {
            tag[0] = f;
            tag[1] = step;
            if (f > 0 || step > 0) await think();
            try {
              await act(person, a);
            } catch (err) {
              failures.push(`${id} ${flow.name}#${step}: ${(err as Error).message.split('\n')[0]}`);
              return;
            }
          }
        }
      }),
    );

  const warmFailures: string[] = [];
  await drive(spec.warm, warmFailures); // JIT, connection pool, i18n bundles: not counted
  samples = [];
  dbOps.clear();
  cmdByStep.clear();
  const failures = warmFailures.map((f) => `warm-up ${f}`);
  gc();
  const mem = new MemorySampler();
  mem.start();
  const profiler = env.BENCH_CPU_PROF ? await startProfile() : null;
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpu();
  fakeCpu.reset();
  const t0 = performance.now();
  await drive(spec.ids, failures);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const main1 = mainThreadCpu();
  if (profiler)
    await profiler.stop(path.join(env.BENCH_CPU_PROF!, `phase-${spec.n}-${spec.kind}.cpuprofile`));
  mem.stop();
  const out: PhaseOut = {
    kind: spec.kind,
    updates: samples.length,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    fakeCpuSeconds: fakeCpu.seconds(),
    mainCpuSeconds: main0 === null || main1 === null ? null : main1 - main0,
    samples,
    peakRssMb: mem.peakRss / 2 ** 20,
    peakHeapMb: mem.peakHeap / 2 ** 20,
    dbOps: Object.fromEntries(dbOps),
    cmdByStep: Object.fromEntries(cmdByStep),
    cmdTrace: Object.fromEntries(cmdTrace),
    failures,
    loggedErrors,
  };
  writeFileSync(outFile, JSON.stringify(out));
  await mongoose.disconnect();
}

// ---------------------------------------------------------------------------------------------
// Parent: seed, run the phases one after the other in child processes, verify, report.

async function runPhase(spec: PhaseSpec, dir: string, n: number): Promise<PhaseOut> {
  const outFile = path.join(dir, `phase-${n}.json`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...env, BENCH_CHILD: JSON.stringify(spec), BENCH_OUT: outFile },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`phase ${n} (${spec.kind}) exited with code ${code}`);
  return JSON.parse(readFileSync(outFile, 'utf8')) as PhaseOut;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;

function pooled(phases: PhaseOut[]) {
  const ms = phases.flatMap((p) => p.samples.map((s) => s[0])).sort((a, b) => a - b);
  const updates = phases.reduce((a, p) => a + p.updates, 0);
  const seconds = phases.reduce((a, p) => a + p.seconds, 0);
  const ops = new Map<string, number>();
  for (const p of phases) for (const [k, v] of Object.entries(p.dbOps)) ops.set(k, (ops.get(k) ?? 0) + v);
  const totalOps = [...ops.values()].reduce((a, b) => a + b, 0);
  // Hot paths: the answers inside each form (not the command that opens it, not the confirm).
  const hot = FLOWS.map((flow, f) => {
    let cmds = 0;
    let n = 0;
    for (const p of phases) {
      for (let step = 1; step < flow.actions.length - 1; step++) cmds += p.cmdByStep[`${f}:${step}`] ?? 0;
      n += p.samples.filter((x) => x[1] === f && x[2] >= 1 && x[2] < flow.actions.length - 1).length;
    }
    return cmds / Math.max(1, n);
  });
  const unattributed = phases.reduce((a, p) => a + (p.cmdByStep.none ?? 0), 0);
  return {
    hot,
    unattributed,
    updates,
    seconds,
    ups: updates / seconds,
    p50: pct(ms, 50),
    p95: pct(ms, 95),
    p99: pct(ms, 99),
    rss: Math.max(...phases.map((p) => p.peakRssMb)),
    heap: Math.max(...phases.map((p) => p.peakHeapMb)),
    cpuMs: (1000 * phases.reduce((a, p) => a + p.cpuSeconds, 0)) / updates,
    fakeCpuMs: (1000 * phases.reduce((a, p) => a + p.fakeCpuSeconds, 0)) / updates,
    mainCpuMs: phases.every((p) => p.mainCpuSeconds !== null)
      ? (1000 * phases.reduce((a, p) => a + p.mainCpuSeconds!, 0)) / updates
      : NaN,
    ops: totalOps / Math.max(1, updates),
    opsBy: ops,
  };
}

async function runParent(): Promise<void> {
  const uri = env.MONGODB_URI;
  if (!uri) {
    console.error(
      'MONGODB_URI is not set. The benchmark needs a database, e.g.\n' +
        '  bash scripts/test-db.sh npm run bench:cadres   (starts a throwaway FerretDB and sets it)',
    );
    process.exit(2);
  }
  const num = (name: string, dflt: number, min: number) => {
    const v = Number(env[name] ?? dflt);
    if (!Number.isInteger(v) || v < min) {
      console.error(`${name} must be an integer >= ${min}, got ${env[name]}`);
      process.exit(2);
    }
    return v;
  };
  const N = num('BENCH_CADRES', 50, 1);
  const ROUNDS = num('BENCH_ROUNDS', 4, 1);
  const WARMUP = num('BENCH_WARMUP', 2, 0);
  const THINK_MS = num('BENCH_THINK_MS', 0, 0); // read again by each phase's process
  // First a counting phase of each bot (commands per update), then the timed phases.
  const order: { kind: Kind; count: boolean }[] = [
    { kind: 'bare', count: true },
    { kind: 'bot', count: true },
  ];
  for (let r = 0; r < ROUNDS; r++)
    for (const kind of (r % 2 === 0 ? ['bare', 'bot'] : ['bot', 'bare']) as Kind[])
      order.push({ kind, count: false });

  const dbName = `dvb_bench_${randomBytes(5).toString('hex')}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dvb-bench-'));
  await connectMongoose(uri, dbName);
  const started = new Date();
  try {
    const server = await mongoose.connection.db!.admin().command({ buildInfo: 1 });
    // Seed: the world, a coordinator (gets the notifications), and for every bot phase its own
    // cadres, each with one model in `nurturing` (the one /baocao reports on).
    const world = await seedWorld();
    await makeUser('coordinator', world.chauThanh, 'Trần Văn Minh');
    const botPhases = order.filter((o) => o.kind === 'bot').length;
    const need = botPhases * (WARMUP + N);
    const cadres: number[] = [];
    for (let i = 0; i < need; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, need - i) }, async (_, k) => {
          const u = await makeUser('cadre', world.chauThanh, `Cán bộ ${i + k + 1}`);
          await makeInitiative(world, u, world.chauThanh, { status: 'nurturing' });
          return u.telegramId;
        }),
      );
      cadres.push(...batch);
    }
    let nextBare = 9_000_000; // the bare bot needs no users: plain chat ids
    const results: PhaseOut[] = [];
    const counted: PhaseOut[] = [];
    for (const [n, { kind, count }] of order.entries()) {
      const take = (k: number) =>
        kind === 'bot' ? cadres.splice(0, k) : Array.from({ length: k }, () => nextBare++);
      const spec: PhaseSpec = { n: n + 1, kind, count, dbName, warm: take(WARMUP), ids: take(N) };
      const r = await runPhase(spec, dir, n);
      console.error(
        `phase ${n + 1}/${order.length} ${LABEL[kind]}${count ? ' (counting commands)' : ''}: ` +
          `${r.updates} updates in ${r.seconds.toFixed(1)} s`,
      );
      (count ? counted : results).push(r);
    }

    // Correctness: every cadre sent through the bot (warm-up included) registered one model and
    // filed one report; every phase handled every update.
    const botCadres = botPhases * (WARMUP + N);
    const problems: string[] = [];
    for (const r of [...counted, ...results]) {
      if (r.failures.length)
        problems.push(`${LABEL[r.kind]}: ${r.failures.length} cadres stopped, e.g. ${r.failures[0]}`);
      if (r.updates !== N * UPDATES_PER_CADRE)
        problems.push(`${LABEL[r.kind]}: ${r.updates} updates handled, expected ${N * UPDATES_PER_CADRE}`);
      if (r.loggedErrors) problems.push(`${LABEL[r.kind]}: the bot logged ${r.loggedErrors} errors`);
    }
    const registered = await Initiative.countDocuments({ status: 'registered' });
    const reports = await ProgressReport.countDocuments();
    const seqClaims = await Claim.countDocuments({ _id: { $regex: '^seq:' } });
    if (registered !== botCadres)
      problems.push(`expected ${botCadres} models registered, found ${registered}`);
    if (reports !== botCadres) problems.push(`expected ${botCadres} progress reports, found ${reports}`);

    // Report
    const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
    const f1 = (x: number) => x.toFixed(1);
    // Times, CPU and memory from the timed phases; commands from the counting phases.
    const withOps = (kind: Kind) => {
      const timed = pooled(results.filter((r) => r.kind === kind));
      const ops = pooled(counted.filter((r) => r.kind === kind));
      return {
        ...timed,
        hot: ops.hot,
        unattributed: ops.unattributed,
        ops: ops.ops,
        opsBy: ops.opsBy,
        opsUpdates: ops.updates,
      };
    };
    const bot = withOps('bot');
    const bare = withOps('bare');
    const out: string[] = [];
    const cpus = os.cpus();
    out.push(
      `${started.toISOString()} · ${N} concurrent cadres per phase, ${UPDATES_PER_CADRE} updates each ` +
        `(/dangky ${REGISTER.length}, /baocao ${REPORT.length}), a counting phase of each bot, then ` +
        `${ROUNDS} timed rounds (${order
          .filter((o) => !o.count)
          .map((o) => o.kind)
          .join(', ')}), ` +
        `${WARMUP} warm-up cadres per phase${
          THINK_MS > 0 ? `, a pause of 0.5-1.5 × ${THINK_MS} ms before each update after a cadre's first` : ''
        } · ${cpus.length} cores (${cpus[0]?.model.trim()}), ` +
        `Node ${process.version}, load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(
            ' ',
          )} · database: ${server.ferretdbVersion ? `FerretDB ${server.ferretdbVersion}` : `MongoDB ${server.version}`}`,
      '',
      line([
        'bot',
        'updates',
        'updates/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'peak RSS MB',
        'peak heap MB',
        'node CPU ms/update',
        'of which fake Telegram',
        'CPU without fake Telegram',
        'main thread',
        'other threads',
        'DB commands/update',
        '/dangky answers',
        '/baocao answers',
      ]),
      line(['---', ...Array<string>(15).fill('---:')]),
    );
    for (const [kind, s] of [
      ['bot', bot],
      ['bare', bare],
    ] as const) {
      out.push(
        line([
          LABEL[kind],
          s.updates,
          f1(s.ups),
          f1(s.p50),
          f1(s.p95),
          f1(s.p99),
          f1(s.rss),
          f1(s.heap),
          s.cpuMs.toFixed(2),
          s.fakeCpuMs.toFixed(2),
          (s.cpuMs - s.fakeCpuMs).toFixed(2),
          s.mainCpuMs.toFixed(2),
          (s.cpuMs - s.mainCpuMs).toFixed(2),
          s.ops.toFixed(2),
          s.hot[0]!.toFixed(2),
          s.hot[1]!.toFixed(2),
        ]),
      );
    }
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    out.push(
      line([
        '**ratio (bot / bare)**',
        '',
        x(bot.ups, bare.ups),
        x(bot.p50, bare.p50),
        x(bot.p95, bare.p95),
        x(bot.p99, bare.p99),
        x(bot.rss, bare.rss),
        x(bot.heap, bare.heap),
        x(bot.cpuMs, bare.cpuMs),
        '',
        x(bot.cpuMs - bot.fakeCpuMs, bare.cpuMs - bare.fakeCpuMs),
        x(bot.mainCpuMs, bare.mainCpuMs),
        x(bot.cpuMs - bot.mainCpuMs, bare.cpuMs - bare.mainCpuMs),
        x(bot.ops, bare.ops),
        x(bot.hot[0]!, bare.hot[0]!),
        x(bot.hot[1]!, bare.hot[1]!),
      ]),
      '',
      'Per phase (in run order):',
    );
    for (const r of results) {
      const s = pooled([r]);
      out.push(
        `  ${LABEL[r.kind]}: ${f1(s.ups)} updates/s, p50 ${f1(s.p50)} ms, p95 ${f1(s.p95)} ms, ` +
          `peak RSS ${f1(s.rss)} MB, CPU ${r.cpuSeconds.toFixed(1)} s of ${r.seconds.toFixed(1)} s wall`,
      );
    }
    // Each round's bot phase against the bare phase next to it: the machine's speed drifts during a
    // run (on this 2-core VM a phase's CPU per update moves by up to a third from one run to the
    // next), and a pair of adjacent phases shares most of that drift.
    const perRound: number[] = [];
    const perRoundMain: number[] = [];
    for (let r = 0; r + 1 < results.length; r += 2) {
      const pair = results.slice(r, r + 2);
      const of = (kind: Kind) => pair.find((x) => x.kind === kind)!;
      const ms = (x: PhaseOut) => (x.cpuSeconds * 1000) / x.updates;
      perRound.push(ms(of('bot')) / ms(of('bare')));
      const main = (x: PhaseOut) => (x.mainCpuSeconds ?? NaN) / x.updates;
      perRoundMain.push(main(of('bot')) / main(of('bare')));
    }
    const sorted = [...perRound].sort((a, b) => a - b);
    const median =
      sorted.length % 2
        ? sorted[sorted.length >> 1]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    out.push(
      `CPU per update, bot / bare, round by round: ${perRound.map((v) => `${v.toFixed(2)}×`).join(', ')} ` +
        `(median ${median.toFixed(2)}×, pooled ${x(bot.cpuMs, bare.cpuMs)}); main thread only: ` +
        `${perRoundMain.map((v) => `${v.toFixed(2)}×`).join(', ')} (pooled ${x(bot.mainCpuMs, bare.mainCpuMs)})`,
    );
    for (const [kind, s] of [
      ['bot', bot],
      ['bare', bare],
    ] as const) {
      out.push(
        `DB commands per update, ${LABEL[kind]} (${s.unattributed} not attributed to an update): ${[
          ...s.opsBy.entries(),
        ]
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${(v / s.opsUpdates).toFixed(2)}`)
          .join(', ')}`,
      );
    }
    const claimsInserted = bot.opsBy.get('claims.insert') ?? 0;
    out.push(
      `Claims (unique-key inserts) during the bot's counting phase: ${claimsInserted}; sequence claims kept ` +
        `in the database: ${seqClaims} for ${botCadres} registrations (warm-up included).`,
      '',
      'Dân Vận Bot, median ms by position in the form:',
    );
    const samplesOf = (kind: Kind) => results.filter((r) => r.kind === kind).flatMap((r) => r.samples);
    /** The median of one column (0: ms, 3: CPU ms) of the updates at one position of a form. */
    const medianAt = (samples: PhaseOut['samples'], f: number, step: number, column: 0 | 3) =>
      pct(
        samples
          .filter((s) => s[1] === f && s[2] === step)
          .map((s) => s[column])
          .sort((a, b) => a - b),
        50,
      );
    const botSamples = samplesOf('bot');
    for (const [f, flow] of FLOWS.entries()) {
      const at = (step: number) => medianAt(botSamples, f, step, 0);
      const last = flow.actions.length - 1;
      const mid = last >> 1;
      out.push(
        `  /${flow.name}: #0 (command) ${f1(at(0))}, #1 ${f1(at(1))}, #${mid} ${f1(at(mid))}, ` +
          `#${last - 1} ${f1(at(last - 1))}, #${last} (confirm) ${f1(at(last))}`,
      );
    }
    if (results.some((r) => r.samples.some((x) => x[3] >= 0))) {
      out.push('', 'CPU ms of an update by its position in the form (median; cadres one by one):');
      for (const kind of ['bot', 'bare'] as const) {
        const own = samplesOf(kind);
        for (const [f, flow] of FLOWS.entries()) {
          const medians = flow.actions.map((_, step) => medianAt(own, f, step, 3));
          const sum = medians.reduce((a, b) => a + b, 0);
          out.push(
            `  ${LABEL[kind]} /${flow.name} (sum ${f1(sum)}): ${medians.map((m, i) => `#${i} ${f1(m)}`).join(', ')}`,
          );
        }
      }
    }
    const traced = counted.find((r) => r.kind === 'bot' && Object.keys(r.cmdTrace).length > 0);
    if (traced) {
      out.push('', "Database commands of each update of one cadre (the bot's counting phase, BENCH_TRACE):");
      for (const [f, flow] of FLOWS.entries()) {
        flow.actions.forEach((_, step) => {
          const cmds = traced.cmdTrace[`${f}:${step}`] ?? [];
          out.push(`  /${flow.name} #${step} (${cmds.length}): ${cmds.join(', ')}`);
        });
      }
    }
    console.log(out.join('\n'));
    if (problems.length) {
      console.error(`\nFAILED:\n - ${problems.join('\n - ')}`);
      process.exitCode = 1;
    } else {
      console.log(
        `\nverified: ${botCadres} models registered and ${botCadres} reports filed, every update handled, no errors logged`,
      );
    }
  } finally {
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (env.BENCH_CHILD) await runChild(JSON.parse(env.BENCH_CHILD) as PhaseSpec, env.BENCH_OUT!);
else await runParent();
