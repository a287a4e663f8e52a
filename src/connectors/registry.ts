/**
 * The only place that names CRM connectors. Adding a CRM is one folder that implements
 * `CrmConnector` plus one line here.
 */
import { amocrm } from './amocrm/index.ts';
import { bitrix24 } from './bitrix24/index.ts';
import type { CrmConnector, CrmKind } from './contract.ts';

const connectors = { amocrm, bitrix24 } satisfies Record<CrmKind, CrmConnector>;

export function connectorFor(kind: CrmKind): CrmConnector | undefined {
  return connectors[kind];
}

export function defaultFieldNames(kind: string): Readonly<Record<string, string>> {
  return connectors[kind as CrmKind]?.defaultFieldNames ?? {};
}
