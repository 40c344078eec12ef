/**
 * The shapes of stored records, as the layers above the services see them. Bot features, views
 * and conversations import these types from here, never from `src/db/` (test/unit/layers.test.ts
 * holds that line): they receive records from service functions and never query them.
 */

export type { EvidenceFileDoc, OnsiteDrawDoc, OnsiteVisitDoc } from '../db/models/evidence.ts';
export type {
  AccessRequestDoc,
  CampaignDoc,
  DraftDoc,
  InitiativeDoc,
  PhaseDoc,
  ProgressReportDoc,
  RoundDefDoc,
  RoundDoc,
  TaskDoc,
  UnitDoc,
  UserDoc,
} from '../db/models/index.ts';
