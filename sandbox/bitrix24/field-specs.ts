// Field metadata of contacts and deals (as crm.contact.fields / crm.deal.fields describe them),
// shared by the legacy API (UPPER_CASE) and crm.item (camelCase).

import type { PortalState, UserFieldRecord } from './state.ts';

export interface FieldSpec {
  name: string;
  camel: string;
  type: string;
  title: string;
  readOnly?: boolean;
  immutable?: boolean;
  required?: boolean;
  multiple?: boolean;
  statusType?: string;
  /** Money amounts: legacy output `"9800.00"`. */
  money?: boolean;
  /** Accepted on write, never returned by get/list (COMPANY_IDS, CONTACT_IDS). */
  writeOnly?: boolean;
  uf?: UserFieldRecord;
}

export type EntityKind = 'contact' | 'deal';

export const MULTI_FIELD_TYPES = ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK'] as const;

const INTEGER_TYPES = new Set([
  'integer',
  'user',
  'employee',
  'crm_company',
  'crm_contact',
  'crm_lead',
  'crm_quote',
  'crm_category',
  'enumeration',
]);

export const isIntegerType = (type: string): boolean => INTEGER_TYPES.has(type);

type Row = [name: string, camel: string, type: string, title: string, flags?: string];

/** Flags: r read-only, i immutable, q required, m multiple, $ money, w write-only, s:<statusType>. */
function specs(rows: Row[]): FieldSpec[] {
  return rows.map(([name, camel, type, title, flags = '']) => {
    const statusType = /s:(\w+)/.exec(flags)?.[1];
    return {
      name,
      camel,
      type,
      title,
      readOnly: flags.includes('r'),
      immutable: flags.includes('i'),
      required: flags.includes('q'),
      multiple: flags.includes('m'),
      money: flags.includes('$'),
      writeOnly: flags.includes('w'),
      ...(statusType ? { statusType } : {}),
    };
  });
}

const UTM: Row[] = [
  ['UTM_SOURCE', 'utmSource', 'string', 'Ad system'],
  ['UTM_MEDIUM', 'utmMedium', 'string', 'Medium'],
  ['UTM_CAMPAIGN', 'utmCampaign', 'string', 'Ad campaign UTM'],
  ['UTM_CONTENT', 'utmContent', 'string', 'Campaign contents'],
  ['UTM_TERM', 'utmTerm', 'string', 'Campaign search term'],
];

export const CONTACT_FIELDS: FieldSpec[] = specs([
  ['ID', 'id', 'integer', 'ID', 'r'],
  ['HONORIFIC', 'honorific', 'crm_status', 'Salutation', 's:HONORIFIC'],
  ['NAME', 'name', 'string', 'Name', 'q'],
  ['SECOND_NAME', 'secondName', 'string', 'Second name', 'q'],
  ['LAST_NAME', 'lastName', 'string', 'Last name', 'q'],
  ['PHOTO', 'photo', 'file', 'Photo'],
  ['BIRTHDATE', 'birthdate', 'date', 'Date of birth'],
  ['TYPE_ID', 'typeId', 'crm_status', 'Contact type', 's:CONTACT_TYPE'],
  ['SOURCE_ID', 'sourceId', 'crm_status', 'Source', 's:SOURCE'],
  ['SOURCE_DESCRIPTION', 'sourceDescription', 'string', 'Source information'],
  ['POST', 'post', 'string', 'Position'],
  ['COMMENTS', 'comments', 'string', 'Comment'],
  ['OPENED', 'opened', 'char', 'Available to everyone'],
  ['EXPORT', 'export', 'char', 'Included in export'],
  ['HAS_PHONE', 'hasPhone', 'char', 'Has phone', 'r'],
  ['HAS_EMAIL', 'hasEmail', 'char', 'Has email', 'r'],
  ['HAS_IMOL', 'hasImol', 'char', 'Has Open Channel', 'r'],
  ['ASSIGNED_BY_ID', 'assignedById', 'user', 'Responsible person'],
  ['CREATED_BY_ID', 'createdBy', 'user', 'Created by', 'r'],
  ['MODIFY_BY_ID', 'updatedBy', 'user', 'Modified by', 'r'],
  ['DATE_CREATE', 'createdTime', 'datetime', 'Created on', 'r'],
  ['DATE_MODIFY', 'updatedTime', 'datetime', 'Modified on', 'r'],
  ['COMPANY_ID', 'companyId', 'crm_company', 'Company'],
  ['COMPANY_IDS', 'companyIds', 'crm_company', 'Companies', 'mw'],
  ['LEAD_ID', 'leadId', 'crm_lead', 'Lead', 'r'],
  ['ORIGINATOR_ID', 'originatorId', 'string', 'External source'],
  ['ORIGIN_ID', 'originId', 'string', 'Identifier in External Source'],
  ['ORIGIN_VERSION', 'originVersion', 'string', 'Original version'],
  ['FACE_ID', 'faceId', 'integer', 'Face ID', 'r'],
  ['LAST_ACTIVITY_TIME', 'lastActivityTime', 'datetime', 'Last activity', 'r'],
  ['LAST_ACTIVITY_BY', 'lastActivityBy', 'user', 'Last activity by', 'r'],
  ...UTM,
  ['PHONE', 'phone', 'crm_multifield', 'Phone', 'm'],
  ['EMAIL', 'email', 'crm_multifield', 'E-mail', 'm'],
  ['WEB', 'web', 'crm_multifield', 'Website', 'm'],
  ['IM', 'im', 'crm_multifield', 'Messenger', 'm'],
  ['LINK', 'link', 'crm_multifield', 'Link', 'm'],
]);

export const DEAL_FIELDS: FieldSpec[] = specs([
  ['ID', 'id', 'integer', 'ID', 'r'],
  ['TITLE', 'title', 'string', 'Name'],
  ['TYPE_ID', 'typeId', 'crm_status', 'Type', 's:DEAL_TYPE'],
  ['CATEGORY_ID', 'categoryId', 'crm_category', 'Pipeline', 'i'],
  ['STAGE_ID', 'stageId', 'crm_status', 'Deal stage', 's:DEAL_STAGE'],
  ['STAGE_SEMANTIC_ID', 'stageSemanticId', 'string', 'Stage group', 'r'],
  ['IS_NEW', 'isNew', 'char', 'New deal', 'r'],
  ['IS_RECURRING', 'isRecurring', 'char', 'Recurring deal', 'r'],
  ['IS_RETURN_CUSTOMER', 'isReturnCustomer', 'char', 'Repeat deal', 'r'],
  ['IS_REPEATED_APPROACH', 'isRepeatedApproach', 'char', 'Repeat inquiry', 'r'],
  ['PROBABILITY', 'probability', 'integer', 'Probability'],
  ['CURRENCY_ID', 'currencyId', 'crm_currency', 'Currency'],
  ['OPPORTUNITY', 'opportunity', 'double', 'Amount', '$'],
  ['IS_MANUAL_OPPORTUNITY', 'isManualOpportunity', 'char', 'IS_MANUAL_OPPORTUNITY'],
  ['TAX_VALUE', 'taxValue', 'double', 'Tax rate', '$'],
  ['COMPANY_ID', 'companyId', 'crm_company', 'Company'],
  ['CONTACT_ID', 'contactId', 'crm_contact', 'Contact'],
  ['CONTACT_IDS', 'contactIds', 'crm_contact', 'Contacts', 'mw'],
  ['QUOTE_ID', 'quoteId', 'crm_quote', 'Quote', 'r'],
  ['BEGINDATE', 'begindate', 'date', 'Start date'],
  ['CLOSEDATE', 'closedate', 'date', 'Estimated close date'],
  ['OPENED', 'opened', 'char', 'Available to everyone'],
  ['CLOSED', 'closed', 'char', 'Closed'],
  ['COMMENTS', 'comments', 'string', 'Comment'],
  ['ASSIGNED_BY_ID', 'assignedById', 'user', 'Responsible person'],
  ['CREATED_BY_ID', 'createdBy', 'user', 'Created by', 'r'],
  ['MODIFY_BY_ID', 'updatedBy', 'user', 'Modified by', 'r'],
  ['MOVED_BY_ID', 'movedBy', 'user', 'Moved by', 'r'],
  ['DATE_CREATE', 'createdTime', 'datetime', 'Created on', 'r'],
  ['DATE_MODIFY', 'updatedTime', 'datetime', 'Modified on', 'r'],
  ['MOVED_TIME', 'movedTime', 'datetime', 'Moved on', 'r'],
  ['SOURCE_ID', 'sourceId', 'crm_status', 'Source', 's:SOURCE'],
  ['SOURCE_DESCRIPTION', 'sourceDescription', 'string', 'Source information'],
  ['LEAD_ID', 'leadId', 'crm_lead', 'Lead', 'r'],
  ['ADDITIONAL_INFO', 'additionalInfo', 'string', 'Additional information'],
  ['LOCATION_ID', 'locationId', 'location', 'Location'],
  ['ORIGINATOR_ID', 'originatorId', 'string', 'External source'],
  ['ORIGIN_ID', 'originId', 'string', 'Item ID in data source'],
  ['LAST_ACTIVITY_TIME', 'lastActivityTime', 'datetime', 'Last activity', 'r'],
  ['LAST_ACTIVITY_BY', 'lastActivityBy', 'user', 'Last activity by', 'r'],
  ...UTM,
]);

export const UF_ENTITY: Record<EntityKind, string> = { contact: 'CRM_CONTACT', deal: 'CRM_DEAL' };

/**
 * UF_CRM_LOYALTY_TIER → ufCrmLoyaltyTier, UF_CRM_1747309879 → ufCrm_1747309879,
 * UF_CRM_3_1747309727 → ufCrm3_1747309727 (crm.item without useOriginalUfNames).
 */
export function ufCamelName(fieldName: string): string {
  const parts = fieldName.toLowerCase().split('_');
  return parts
    .map((part, index) => {
      if (index === 0) return part;
      const leadsWithDigit = /^\d/.test(part);
      if (leadsWithDigit && index === parts.length - 1) return `_${part}`;
      return part.charAt(0).toUpperCase() + part.slice(1);
    })
    .join('');
}

export function userFieldSpecs(state: PortalState, kind: EntityKind): FieldSpec[] {
  const entityId = UF_ENTITY[kind];
  return Object.values(state.userFields)
    .filter((uf) => uf.ENTITY_ID === entityId)
    .map((uf) => ({
      name: uf.FIELD_NAME,
      camel: ufCamelName(uf.FIELD_NAME),
      type: uf.USER_TYPE_ID,
      title: uf.FIELD_NAME,
      multiple: uf.MULTIPLE === 'Y',
      required: uf.MANDATORY === 'Y',
      uf,
    }));
}

export function entitySpecs(state: PortalState, kind: EntityKind): FieldSpec[] {
  const standard = kind === 'contact' ? CONTACT_FIELDS : DEAL_FIELDS;
  return [...standard, ...userFieldSpecs(state, kind)];
}

export function specMap(list: FieldSpec[]): Map<string, FieldSpec> {
  return new Map(list.map((spec) => [spec.name, spec]));
}

/** The `*.fields` answer: one descriptor per field. */
export function describeFields(list: FieldSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of list) {
    const descriptor: Record<string, unknown> = {
      type: spec.type,
      isRequired: spec.required === true,
      isReadOnly: spec.readOnly === true,
      isImmutable: spec.immutable === true,
      isMultiple: spec.multiple === true,
      isDynamic: spec.uf !== undefined,
      title: spec.title,
    };
    if (spec.statusType) descriptor.statusType = spec.statusType;
    if (spec.uf) {
      descriptor.listLabel = spec.uf.LIST_COLUMN_LABEL;
      descriptor.formLabel = spec.uf.EDIT_FORM_LABEL;
      descriptor.filterLabel = spec.uf.LIST_FILTER_LABEL;
      descriptor.settings = spec.uf.SETTINGS;
      if (spec.type === 'enumeration') {
        descriptor.items = spec.uf.LIST.map((item) => ({ ID: String(item.ID), VALUE: item.VALUE }));
      }
    }
    out[spec.name] = descriptor;
  }
  return out;
}
