/**
 * The only place that names CRM connectors. Adding a CRM is one folder that implements
 * `CrmConnector` plus one line here.
 */
import type { CrmConnector, CrmKind } from './contract.ts';

const connectors: Partial<Record<CrmKind, CrmConnector>> = {};

export function connectorFor(kind: CrmKind): CrmConnector | undefined {
  return connectors[kind];
}

export function defaultFieldNames(kind: string): Readonly<Record<string, string>> {
  return connectors[kind as CrmKind]?.defaultFieldNames ?? {};
}
