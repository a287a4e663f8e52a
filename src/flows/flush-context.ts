/** What one flush of one flow of one connection works with, and how it ends. */
import type { Conn, CrmConnector, CrmError } from '../connectors/contract.ts';
import type { ConnectionRow } from '../store/connections-repo.ts';
import type { Tenant } from '../store/tenants-repo.ts';
import type { Runtime } from './runtime.ts';

export type FlushContext = {
  readonly runtime: Runtime;
  readonly conn: Conn;
  readonly connector: CrmConnector;
  readonly tenant: Tenant;
  readonly row: ConnectionRow;
};

export type FlushStep =
  /** Nothing (more) is due. */
  | { readonly kind: 'idle' }
  /** A batch was handled; there may be more. */
  | { readonly kind: 'progress'; readonly handled: number }
  /** The CRM failed the whole request: the items stay owed. */
  | { readonly kind: 'failed'; readonly error: CrmError };
