import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { failedDeliveries } from '../../jobs/commands.ts';
import type { Clock } from '../clock.ts';
import { isValidDay, localDay } from '../domain/calendar.ts';
import { parseUnitCsv, shiftTemplate, TemplateShiftError, unitTreeSchema } from '../domain/templates.ts';
import {
  allCampaigns,
  peopleOfTree,
  ROLES,
  type Role,
  unitIdsOfTree,
  unitsOfTree,
} from '../services/admin-listings.ts';
import {
  closeCampaign,
  createCampaign,
  DEFAULT_TEMPLATE,
  loadTemplate,
  TemplateError,
} from '../services/campaigns.ts';
import {
  DOCUMENT_KINDS,
  type DocumentKind,
  DocumentRequestError,
  documentByCodes,
} from '../services/documents/index.ts';
import { IMPORT_COLUMNS, importHonoured } from '../services/honoured-before.ts';
import { createInvite, listActiveInvites, revokeInvite } from '../services/invites.ts';
import { SUMMARY_TIME_ZONE } from '../services/summaries.ts';
import {
  applyMigration,
  carryHonoured,
  describePlan,
  MigrationError,
  planChangesNothing,
  planMigration,
  unitMappingSchema,
} from '../services/unit-migration.ts';
import { importUnits, UnitImportError, unitByCode } from '../services/units.ts';
import { grantRole, RoleError, revokeRole, setUserActivation } from '../services/users.ts';

export interface AdminIO {
  out: (line: string) => void;
  err: (line: string) => void;
  clock: Clock;
  /** The province's time zone (TIME_ZONE): "today" and dates in documents. Default Asia/Ho_Chi_Minh. */
  timeZone?: string;
}

export const USAGE = `Usage: npm run admin -- <command> [options]

  units import <file.json|file.csv>        create or update units (JSON tree or CSV code,name,level,parent_code[,pilot])
  units list [--under CODE]                list units (a subtree with --under)
  campaign create --root CODE [--template FILE] [--start YYYY-MM-DD | --years N] [--code CODE] [--name NAME]
                                           create a campaign from a template (default: the 2011-2015 plan),
                                           moved to start on a day or by whole years
  campaign list                            list campaigns
  role grant <telegramId> <role> <unitCode>    roles: ${ROLES.join(', ')}
  role revoke <telegramId> <role> <unitCode>
  invite create <role> <unitCode> [--days 7] [--uses 1] [--bot USERNAME]
  invite list [--unit CODE]                invites that still work (a subtree with --unit), with their ids
  invite revoke <code|id>                  the code stops working at once
  campaign close <code>                    read-only afterwards: no registrations or reports, no reminders;
                                           summaries and exports still work
  user deactivate <telegramId>             the person gets one line and nothing else, messages do not undo it
  user activate <telegramId>
  users list [--unit CODE]                 people and their roles (a subtree with --unit)
  deliveries failed [--limit N]            reminders that could not be delivered, and why
  models import-honoured <file.csv> --campaign CODE --by <telegramId>
                                           models honoured before the campaign (columns ${IMPORT_COLUMNS.join(',')}),
                                           all rows or none; --by: who enters them (a coordinator or board member)
  documents <report|commendation|models> --campaign CODE [--unit CODE] [--round CODE]
            [--number N] [--format party|state] [--lang vi|en] [--out FILE.docx]
                                           an official document as a Word file (report and commendation
                                           list need an honouring round; the unit defaults to the root)
  help                                     this text`;

export const USAGE_HINT = 'see `npm run admin -- help`';

class UsageError extends Error {}

const telegramId = z.coerce.number().int().positive('a Telegram id is a positive number');
const role = z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` });
const unitCode = z.string().regex(/^[a-z0-9-]+$/, 'unit codes are lower-case letters, digits and dashes');

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`${what}: ${r.error.issues[0]?.message}`);
  return r.data;
}

/** Runs one admin command; returns the process exit code. Expects the database to be connected. */
export async function runAdmin(argv: string[], io: AdminIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        under: { type: 'string' },
        unit: { type: 'string' },
        root: { type: 'string' },
        template: { type: 'string' },
        start: { type: 'string' },
        years: { type: 'string' },
        code: { type: 'string' },
        name: { type: 'string' },
        days: { type: 'string' },
        uses: { type: 'string' },
        bot: { type: 'string' },
        limit: { type: 'string' },
        apply: { type: 'boolean' },
        from: { type: 'string' },
        to: { type: 'string' },
        as: { type: 'string' },
        campaign: { type: 'string' },
        by: { type: 'string' },
        round: { type: 'string' },
        number: { type: 'string' },
        format: { type: 'string' },
        lang: { type: 'string' },
        out: { type: 'string' },
      },
    });
    const [group, action, ...rest] = positionals;
    const key = `${group ?? ''} ${action ?? ''}`.trim();
    if (group === 'documents') return await documentsCommand(action, values, io);
    switch (key) {
      case 'units import':
        return await unitsImport(rest[0], io);
      case 'units list':
        return await unitsList(values.under, io);
      case 'units migrate':
        return await unitsMigrate(rest[0], values.apply === true, io);
      case 'models carry':
        return await modelsCarry(values, io);
      case 'models import-honoured':
        return await modelsImportHonoured(rest[0], values, io);
      case 'campaign create':
        return await campaignCreate(values, io);
      case 'campaign list':
        return await campaignList(io);
      case 'role grant':
      case 'role revoke':
        return await roleChange(action === 'grant', rest, io);
      case 'invite create':
        return await inviteCreate(rest, values, io);
      case 'users list':
        return await usersList(values.unit, io);
      case 'invite list':
        return await inviteList(values.unit, io);
      case 'invite revoke':
        return await inviteRevoke(rest, io);
      case 'campaign close':
        return await campaignClose(rest, io);
      case 'user deactivate':
      case 'user activate':
        return await userActivation(action === 'activate', rest, io);
      case 'deliveries failed': {
        const limit = parse(z.coerce.number().int().min(1).max(1000), values.limit ?? '20', '--limit');
        const rows = await failedDeliveries(limit);
        for (const f of rows) {
          io.out(
            `${f.failedAt?.toISOString() ?? '-'}  ${f.kind}  to ${f.telegramId}  due ${f.dueAt.toISOString()}  ${f.attempts} attempt(s)  ${f.lastError ?? ''}`,
          );
        }
        io.out(`${rows.length} failed deliver${rows.length === 1 ? 'y' : 'ies'}`);
        return 0;
      }
      case 'help':
      case '':
        io.out(USAGE);
        return group ? 0 : 2;
      default:
        throw new UsageError(`unknown command "${key}"`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
      // One line saying what is wrong, and where the whole usage is: not a screenful after every typo.
      io.err(`error: ${(err as Error).message}\n${USAGE_HINT}`);
      return 2;
    }
    if (
      err instanceof MigrationError ||
      err instanceof TemplateError ||
      err instanceof TemplateShiftError ||
      err instanceof UnitImportError ||
      err instanceof RoleError ||
      err instanceof DocumentRequestError
    ) {
      io.err(`error: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

async function unitsImport(file: string | undefined, io: AdminIO): Promise<number> {
  if (!file) throw new UsageError('units import needs a file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UnitImportError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let rows: z.infer<typeof unitTreeSchema>['units'];
  if (path.extname(file).toLowerCase() === '.csv') {
    const r = parseUnitCsv(text);
    if (!r.ok) throw new UnitImportError(`${path.basename(file)}: ${r.error}`);
    rows = r.rows;
  } else {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new UnitImportError(`${path.basename(file)} is not valid JSON: ${(e as Error).message}`);
    }
    const r = unitTreeSchema.safeParse(json);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new UnitImportError(`${path.basename(file)}: ${issue.path.join('.')}: ${issue.message}`);
    }
    rows = r.data.units;
  }
  const { created, updated } = await importUnits(rows);
  io.out(`units: ${created} created, ${updated} updated`);
  return 0;
}

async function unitsMigrate(file: string | undefined, apply: boolean, io: AdminIO): Promise<number> {
  if (!file) throw new UsageError('units migrate needs a mapping file (units-mapping-*.json)');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new MigrationError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const r = unitMappingSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new MigrationError(`${path.basename(file)}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const plan = await planMigration(r.data);
  for (const line of describePlan(plan)) io.out(line);
  if (planChangesNothing(plan)) {
    io.out('nothing to change');
    return 0;
  }
  if (!apply) {
    io.out('dry run: nothing changed; run again with --apply to carry these over');
    return 0;
  }
  await applyMigration(plan);
  io.out('applied');
  return 0;
}

async function modelsImportHonoured(
  file: string | undefined,
  v: Record<string, string | boolean | undefined>,
  io: AdminIO,
): Promise<number> {
  if (!file) throw new UsageError('models import-honoured needs a CSV file');
  const campaign = parse(
    z.string().regex(/^[a-z0-9-]+$/, 'campaign codes are lower-case letters, digits and dashes'),
    v.campaign,
    '--campaign',
  );
  const by = parse(telegramId, v.by, '--by');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`cannot read ${file}: ${(e as Error).message}`);
    return 1;
  }
  const r = await importHonoured(text, { campaignCode: campaign, byTelegramId: by, clock: io.clock });
  if (!r.ok) {
    for (const e of r.errors) io.err(e);
    io.err(`${path.basename(file)}: ${r.errors.length} problem(s); nothing imported`);
    return 1;
  }
  for (const c of r.created) io.out(`line ${c.line}: ${c.code} "${c.title}"`);
  for (const c of r.already) io.out(`line ${c.line}: already imported as ${c.code}`);
  io.out(`${r.created.length} model(s) imported, ${r.already.length} already`);
  return 0;
}

async function modelsCarry(v: Record<string, string | boolean | undefined>, io: AdminIO): Promise<number> {
  const code = z.string().regex(/^[a-z0-9-]+$/, 'campaign codes are lower-case letters, digits and dashes');
  const from = parse(code, v.from, '--from');
  const to = parse(code, v.to, '--to');
  const as = parse(
    z.enum(['reassessment', 'replication'], { message: 'reassessment or replication' }),
    v.as ?? 'reassessment',
    '--as',
  );
  const apply = v.apply === true;
  const r = await carryHonoured({ from, to, as, apply, clock: io.clock });
  for (const c of r.carried)
    io.out(`carry    ${c.code} "${c.title}" at ${c.unitCode}${c.newCode ? ` -> ${c.newCode}` : ''}`);
  for (const c of r.already) io.out(`already  ${c}`);
  for (const c of r.outside)
    io.out(`outside  ${c.code} at ${c.unitCode}: not in ${to}'s units (migrate them first)`);
  io.out(
    `${r.carried.length} model(s) ${apply ? 'carried' : 'to carry'} as ${as}, ${r.already.length} already, ${r.outside.length} outside${apply || r.carried.length === 0 ? '' : '; dry run: nothing changed, add --apply'}`,
  );
  return 0;
}

async function unitsList(under: string | undefined, io: AdminIO): Promise<number> {
  const units = await unitsOfTree(under ? parse(unitCode, under, '--under') : undefined);
  if (!units) throw new UnitImportError(`no unit ${under}`);
  for (const u of units)
    io.out(`${'  '.repeat(u.depth)}${u.code}  ${u.name}  [${u.level}]${u.pilot ? '  (pilot)' : ''}`);
  io.out(`${units.length} unit(s)`);
  return 0;
}

async function campaignCreate(v: Record<string, string | boolean | undefined>, io: AdminIO): Promise<number> {
  const root = parse(unitCode, v.root, '--root');
  let t = loadTemplate(typeof v.template === 'string' ? v.template : DEFAULT_TEMPLATE);
  if (v.start !== undefined && v.years !== undefined)
    throw new UsageError('give --start or --years, not both');
  const overrides = {
    code:
      v.code === undefined
        ? undefined
        : parse(z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'), v.code, '--code'),
    name: v.name === undefined ? undefined : parse(z.string().min(3), v.name, '--name'),
  };
  if (v.start !== undefined) {
    const start = parse(
      z.string().refine(isValidDay, 'expected a real date as YYYY-MM-DD'),
      v.start,
      '--start',
    );
    t = shiftTemplate(t, { startOn: start }, overrides);
  } else if (v.years !== undefined) {
    const years = parse(z.coerce.number().int().min(-100).max(100), v.years, '--years');
    t = shiftTemplate(t, { years }, overrides);
  } else {
    t = { ...t, ...Object.fromEntries(Object.entries(overrides).filter(([, x]) => x !== undefined)) };
  }
  const c = await createCampaign(t, root, {
    now: io.clock.now(),
    templateCode: loadTemplate(typeof v.template === 'string' ? v.template : DEFAULT_TEMPLATE).code,
  });
  io.out(
    `campaign ${c.code} created: ${c.start} → ${c.end}, ${c.phases.length} phases, honouring ${c.honouringDate ?? '-'}`,
  );
  return 0;
}

async function campaignList(io: AdminIO): Promise<number> {
  const campaigns = await allCampaigns();
  for (const c of campaigns) io.out(`${c.code}  ${c.status}  ${c.start} → ${c.end}  ${c.name}`);
  io.out(`${campaigns.length} campaign(s)`);
  return 0;
}

async function roleChange(grant: boolean, args: string[], io: AdminIO): Promise<number> {
  if (args.length !== 3)
    throw new UsageError(`role ${grant ? 'grant' : 'revoke'} needs <telegramId> <role> <unitCode>`);
  const id = parse(telegramId, args[0], 'telegramId');
  const r = parse(role, args[1], 'role') as Role;
  const unit = parse(unitCode, args[2], 'unitCode');
  if (grant) {
    await grantRole(id, r, unit, { clock: io.clock });
    io.out(`granted ${r} at ${unit} to ${id}`);
    return 0;
  }
  const removed = await revokeRole(id, r, unit, { clock: io.clock });
  if (!removed) {
    io.err(`error: ${id} does not hold ${r} at ${unit}`);
    return 1;
  }
  io.out(`revoked ${r} at ${unit} from ${id}`);
  return 0;
}

async function inviteCreate(
  args: string[],
  v: Record<string, string | boolean | undefined>,
  io: AdminIO,
): Promise<number> {
  if (args.length !== 2) throw new UsageError('invite create needs <role> <unitCode>');
  const r = parse(role, args[0], 'role') as Role;
  const code = parse(unitCode, args[1], 'unitCode');
  const days = parse(z.coerce.number().int().min(1).max(365), v.days ?? '7', '--days');
  const uses = parse(z.coerce.number().int().min(1).max(10_000), v.uses ?? '1', '--uses');
  const unit = await unitByCode(code);
  if (!unit) throw new RoleError(`no unit ${code}`);
  const { code: inviteCode } = await createInvite(
    { role: r, unitId: unit._id, days, maxUses: uses },
    io.clock,
  );
  io.out(`invite for ${r} at ${unit.name}: ${inviteCode} (${uses} use(s), ${days} day(s))`);
  if (typeof v.bot === 'string') io.out(`link: https://t.me/${v.bot.replace(/^@/, '')}?start=${inviteCode}`);
  return 0;
}

async function usersList(under: string | undefined, io: AdminIO): Promise<number> {
  const found = await peopleOfTree(under ? parse(unitCode, under, '--unit') : undefined);
  if (!found) throw new RoleError(`no unit ${under}`);
  const { users, unitCodes: unitNames } = found;
  for (const u of users) {
    const roles =
      (u.roles ?? []).map((g) => `${g.role}@${unitNames.get(String(g.unitId)) ?? '?'}`).join(', ') || '-';
    io.out(
      `${u.telegramId}  ${u.name || '(no name)'}  ${roles}${u.deactivated ? '  (deactivated)' : u.active ? '' : '  (blocked the bot)'}`,
    );
  }
  io.out(`${users.length} user(s)`);
  return 0;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

async function inviteList(under: string | undefined, io: AdminIO): Promise<number> {
  let unitIds: string[] | undefined;
  if (under) {
    const ids = await unitIdsOfTree(parse(unitCode, under, '--unit'));
    if (!ids) throw new RoleError(`no unit ${under}`);
    unitIds = ids;
  }
  const rows = await listActiveInvites(null, io.clock, { unitIds });
  for (const { invite, unit } of rows)
    io.out(
      `${String(invite._id)}  ${invite.role}@${unit.code}  ${invite.usesLeft}/${invite.maxUses} use(s) left  expires ${dayOf(invite.expiresAt)}`,
    );
  io.out(`${rows.length} active invite(s)`);
  return 0;
}

async function inviteRevoke(args: string[], io: AdminIO): Promise<number> {
  if (args.length !== 1) throw new UsageError('invite revoke needs <code|id>');
  const r = await revokeInvite(args[0]!, { principal: null, clock: io.clock });
  if (!r.ok) {
    io.err(`error: no invite with code or id ${args[0]}`);
    return 1;
  }
  io.out(
    r.changed
      ? `revoked invite ${String(r.invite._id)} (${r.invite.role}@${r.unit.code})`
      : `invite ${String(r.invite._id)} was revoked already`,
  );
  return 0;
}

async function campaignClose(args: string[], io: AdminIO): Promise<number> {
  if (args.length !== 1) throw new UsageError('campaign close needs <code>');
  const r = await closeCampaign(args[0]!, { at: io.clock.now() });
  if (!r.ok) {
    io.err(`error: no campaign with code ${args[0]}`);
    return 1;
  }
  io.out(
    r.changed
      ? `campaign ${r.campaign.code} closed: no more registrations, reports or reminders; summaries and exports still work`
      : `campaign ${r.campaign.code} was closed already`,
  );
  return 0;
}

async function userActivation(activate: boolean, args: string[], io: AdminIO): Promise<number> {
  const verb = activate ? 'activate' : 'deactivate';
  if (args.length !== 1) throw new UsageError(`user ${verb} needs <telegramId>`);
  const id = parse(telegramId, args[0], 'telegramId');
  const r = await setUserActivation(id, activate, { principal: null, clock: io.clock });
  if (!r.ok) {
    io.err(`error: nobody with Telegram id ${id} has used the bot`);
    return 1;
  }
  io.out(`${id} ${r.user.name || '(no name)'}: ${r.changed ? `${verb}d` : `already ${verb}d`}`);
  return 0;
}

/** `documents <kind> --campaign CODE …`: writes the Word file and prints its path. */
async function documentsCommand(
  kind: string | undefined,
  v: Record<string, string | boolean | undefined>,
  io: AdminIO,
): Promise<number> {
  const k = parse(z.enum(DOCUMENT_KINDS), kind, 'document') as DocumentKind;
  const campaignCode = parse(z.string().min(1, 'is required'), v.campaign, '--campaign');
  const doc = await documentByCodes({
    kind: k,
    campaignCode,
    unitCode: v.unit === undefined ? null : parse(unitCode, v.unit, '--unit'),
    roundCode: typeof v.round === 'string' ? v.round : null,
    today: localDay(io.clock.now(), io.timeZone ?? SUMMARY_TIME_ZONE),
    timeZone: io.timeZone ?? SUMMARY_TIME_ZONE,
    number:
      typeof v.number === 'string'
        ? parse(z.string().regex(/^[0-9A-Za-z.]{1,10}$/, 'a number such as 12'), v.number, '--number')
        : null,
    format: v.format === undefined ? null : parse(z.enum(['party', 'state']), v.format, '--format'),
    lang: v.lang === undefined ? 'vi' : parse(z.enum(['vi', 'en']), v.lang, '--lang'),
  });
  const out = typeof v.out === 'string' ? v.out : doc.fileName;
  writeFileSync(out, doc.buffer);
  io.out(`${doc.what} – ${doc.unitName}: ${out} (${doc.buffer.length} bytes)`);
  return 0;
}
