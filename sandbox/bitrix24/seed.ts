// A fresh portal: two users, the default deal pipeline with its stages and the reference lists.

import { randomBytes } from 'node:crypto';
import {
  ADMIN_USER_ID,
  MANAGER_USER_ID,
  nextId,
  type PortalState,
  randomToken,
  type StatusRecord,
} from './state.ts';

interface StageSeed {
  id: string;
  name: string;
  color: string;
  semantics: 'S' | 'F' | null;
  system: boolean;
}

/** The default pipeline of a cloud portal (crm.status.list ENTITY_ID=DEAL_STAGE). */
export const DEFAULT_STAGES: StageSeed[] = [
  { id: 'NEW', name: 'New', color: '#39A8EF', semantics: null, system: true },
  { id: 'PREPARATION', name: 'Document preparation', color: '#2FC6F6', semantics: null, system: false },
  { id: 'PREPAYMENT_INVOICE', name: 'Prepayment invoice', color: '#55D0E0', semantics: null, system: false },
  { id: 'EXECUTING', name: 'In progress', color: '#47E4C2', semantics: null, system: false },
  { id: 'FINAL_INVOICE', name: 'Final invoice', color: '#FFA900', semantics: null, system: false },
  { id: 'WON', name: 'Deal successful', color: '#7BD500', semantics: 'S', system: true },
  { id: 'LOSE', name: 'Deal failed', color: '#FF5752', semantics: 'F', system: true },
  { id: 'APOLOGY', name: 'Failure reason analysis', color: '#FF5752', semantics: 'F', system: false },
];

const REFERENCE_LISTS: Record<string, Array<[string, string]>> = {
  CONTACT_TYPE: [
    ['CLIENT', 'Clients'],
    ['SUPPLIER', 'Suppliers'],
    ['PARTNER', 'Partners'],
    ['OTHER', 'Other'],
  ],
  SOURCE: [
    ['CALL', 'Call'],
    ['EMAIL', 'E-Mail'],
    ['WEB', 'Website'],
    ['ADVERTISING', 'Advertising'],
    ['PARTNER', 'Existing client'],
    ['RECOMMENDATION', 'By recommendation'],
    ['TRADE_SHOW', 'Show/Exhibition'],
    ['WEBFORM', 'CRM form'],
    ['CALLBACK', 'Callback'],
    ['OTHER', 'Other'],
  ],
  DEAL_TYPE: [
    ['SALE', 'Sales'],
    ['COMPLEX', 'Complex sale'],
    ['GOODS', 'Merchandise sales'],
    ['SERVICES', 'Service sales'],
    ['SERVICE', 'After-sales service'],
  ],
  HONORIFIC: [
    ['HNR_RU_1', 'Mr.'],
    ['HNR_RU_2', 'Mrs.'],
  ],
};

export function addStatus(
  state: PortalState,
  entityId: string,
  statusId: string,
  name: string,
  sort: number,
  extra: Partial<StatusRecord> = {},
): StatusRecord {
  const record: StatusRecord = {
    ID: nextId(state, 'status'),
    ENTITY_ID: entityId,
    STATUS_ID: statusId,
    NAME: name,
    NAME_INIT: '',
    SORT: sort,
    SYSTEM: 'N',
    CATEGORY_ID: null,
    COLOR: '',
    SEMANTICS: null,
    ...extra,
  };
  state.statuses[String(record.ID)] = record;
  return record;
}

/** Creates the stage set of a pipeline: DEAL_STAGE for 0, DEAL_STAGE_{n} with `C{n}:` prefixes otherwise. */
export function seedPipelineStages(state: PortalState, categoryId: number): void {
  const entityId = categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`;
  const prefix = categoryId === 0 ? '' : `C${categoryId}:`;
  DEFAULT_STAGES.forEach((stage, index) => {
    addStatus(state, entityId, `${prefix}${stage.id}`, stage.name, (index + 1) * 10, {
      NAME_INIT: stage.system ? stage.name : '',
      SYSTEM: stage.system ? 'Y' : 'N',
      CATEGORY_ID: categoryId === 0 ? null : categoryId,
      COLOR: stage.color,
      SEMANTICS: stage.semantics,
    });
  });
}

export function createSeedState(webhookSecret?: string): PortalState {
  const state: PortalState = {
    version: 1,
    memberId: randomBytes(16).toString('hex'),
    webhook: { userId: ADMIN_USER_ID, secret: webhookSecret ?? randomToken(16) },
    seq: { status: 100, userField: 100, fm: 0, contact: 0, deal: 0, product: 0, productRow: 0, category: 0 },
    users: [
      { ID: ADMIN_USER_ID, NAME: 'Admin', LAST_NAME: 'Portal', EMAIL: 'admin@example.com', ADMIN: true },
      { ID: MANAGER_USER_ID, NAME: 'Мария', LAST_NAME: 'Менеджер', EMAIL: 'maria@example.com', ADMIN: false },
    ],
    contacts: {},
    deals: {},
    products: {},
    productRows: {},
    userFields: {},
    categories: {
      '0': {
        id: 0,
        name: 'General',
        sort: 300,
        entityTypeId: 2,
        isDefault: 'Y',
        originId: '',
        originatorId: '',
      },
    },
    statuses: {},
    comments: {},
    logMessages: {},
    apps: {},
    tokens: {},
    bindings: {},
    outgoingWebhooks: {},
    offline: {},
  };
  seedPipelineStages(state, 0);
  for (const [entityId, items] of Object.entries(REFERENCE_LISTS)) {
    items.forEach(([statusId, name], index) => {
      addStatus(state, entityId, statusId, name, (index + 1) * 10, { SYSTEM: 'Y', NAME_INIT: name });
    });
  }
  return state;
}
