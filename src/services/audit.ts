import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import { AuditEvent } from '../db/models/index.ts';

export interface AuditInput {
  key?: string;
  change?: string | null;
  at: Date;
  actorId?: Types.ObjectId | string | null;
  actorTelegramId?: number | null;
  entity: 'initiative' | 'report' | 'invite' | 'user' | 'access-request' | 'campaign' | 'unit';
  entityId: Types.ObjectId | string;
  action: string;
  from?: string | null;
  to?: string | null;
  note?: string | null;
  unitPath?: (Types.ObjectId | string)[];
}

export async function recordAudit(e: AuditInput): Promise<void> {
  await AuditEvent.create({ ...e, key: e.key ?? randomUUID() });
}
