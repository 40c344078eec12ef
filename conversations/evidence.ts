import type { Api } from 'grammy';
import type { Message } from 'grammy/types';
import type { FormConversation } from '../src/bot/context.ts';
import type { EvidenceInput } from '../src/domain/input.ts';
import {
  type ArchiveOwner,
  type ArchiveSettings,
  archiveEvidence,
} from '../src/services/evidence/archive.ts';

/** What the evidence step needs to archive a file: whose, which model and period, the campaign's rules. */
export interface ArchiveTarget {
  initiative: { _id: string; campaignId: string; unitId: string; unitPath: string[] };
  periodKey: string;
  settings: ArchiveSettings;
}

export type Archived =
  | { ok: true; archiveId: string; flags: ('reused' | 'capture-date')[] }
  | { ok: false; key: string; args: Record<string, string | number> };

/**
 * Downloads and archives the file of an evidence message (issue 13) inside the conversation's
 * `external`, so a replay does not download it again. A location has nothing to archive.
 */
export async function archiveMessageFile(
  conversation: FormConversation,
  message: Message,
  item: EvidenceInput,
  target: ArchiveTarget,
): Promise<Archived | null> {
  if (item.kind === 'location' || !item.fileId) return null;
  const size =
    message.photo?.at(-1)?.file_size ?? message.document?.file_size ?? message.video?.file_size ?? null;
  return conversation.external(async (octx): Promise<Archived> => {
    const owner: ArchiveOwner = {
      userId: octx.user!._id,
      initiative: target.initiative,
      periodKey: target.periodKey,
    };
    const r = await archiveEvidence(
      octx.api as Api,
      {
        kind: item.kind === 'photo' ? 'photo' : 'document',
        fileId: item.fileId!,
        fileUniqueId: item.fileUniqueId,
        fileName: item.fileName,
        size,
      },
      owner,
      target.settings,
      octx.deps.clock.now(),
    );
    if (r.ok)
      return {
        ok: true as const,
        archiveId: String(r.file._id),
        flags: r.file.flags.map((f) => f.kind as 'reused' | 'capture-date'),
      };
    if (r.reason === 'too-big')
      return { ok: false as const, key: 'evidence-too-big', args: { limit: r.limitMb } };
    if (r.reason === 'type-not-allowed')
      return {
        ok: false as const,
        key: 'evidence-type-refused',
        args: { name: item.fileName ?? '', found: r.found, allowed: r.allowed },
      };
    return { ok: false as const, key: 'evidence-download-failed', args: {} };
  });
}
