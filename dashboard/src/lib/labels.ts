/** Human labels for values that come from data (operations, outcomes, sources…); unknown ones show as is. */
import { hasMessage, type Translate } from '../i18n/i18n.tsx';

function label(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? t(key) : value;
}

export const operationLabel = (t: Translate, operation: string) => label(t, 'op', operation);
export const outcomeLabel = (t: Translate, outcome: string) => label(t, 'outcome', outcome);
export const sourceLabel = (t: Translate, source: string) => label(t, 'source', source);
export const entityLabel = (t: Translate, entity: string) => label(t, 'entity', entity);
export const kindLabel = (t: Translate, kind: string) => label(t, 'crm', kind);
export const flowLabel = (t: Translate, flow: string) => label(t, 'flow', flow);
export const errorKindLabel = (t: Translate, kind: string) => label(t, 'errorKind', kind);
export const fieldLabel = (t: Translate, field: string) => label(t, 'field', field);
export const setupStatusLabel = (t: Translate, status: string) => label(t, 'setupStatus', status);
export const setupWhatLabel = (t: Translate, what: string) => label(t, 'setupWhat', what);
