import type {
  AccountData,
  AccountRecord,
  CatalogRecord,
  ContactRecord,
  ElementRecord,
  EntityKind,
  EventRecord,
  FieldOwner,
  FieldRecord,
  LeadRecord,
  LinkRecord,
  NoteRecord,
  PipelineRecord,
  SeqKind,
  TagRecord,
  UserRecord,
  WebhookRecord,
} from './types.ts';

const linkKey = (l: Pick<LinkRecord, 'entity_type' | 'entity_id' | 'to_entity_type' | 'to_entity_id'>) =>
  `${l.entity_type}:${l.entity_id}:${l.to_entity_type}:${l.to_entity_id}`;

/** The account's data in memory, indexed for the lookups the routes need. */
export class Store {
  seq: Record<SeqKind, number>;
  account: AccountRecord;
  users: UserRecord[];
  fields: FieldRecord[];
  pipelines: PipelineRecord[];
  catalogs: CatalogRecord[];
  productsEnabled: boolean;
  webhooks: WebhookRecord[];
  tags: TagRecord[];
  readonly contacts = new Map<number, ContactRecord>();
  readonly leads = new Map<number, LeadRecord>();
  readonly elements = new Map<number, ElementRecord>();
  readonly notes = new Map<number, NoteRecord>();
  readonly events: EventRecord[] = [];
  readonly eventsById = new Map<string, EventRecord>();
  private readonly links = new Map<string, LinkRecord>();
  private readonly linksFrom = new Map<string, Set<string>>();
  private readonly linksTo = new Map<string, Set<string>>();

  constructor(data: AccountData) {
    this.seq = { ...data.seq };
    this.account = data.account;
    this.users = data.users;
    this.fields = data.fields;
    this.pipelines = data.pipelines;
    this.catalogs = data.catalogs;
    this.productsEnabled = data.productsEnabled;
    this.webhooks = data.webhooks;
    this.tags = data.tags;
    for (const c of data.contacts) this.contacts.set(c.id, c);
    for (const l of data.leads) this.leads.set(l.id, l);
    for (const e of data.elements) this.elements.set(e.id, e);
    for (const n of data.notes) this.notes.set(n.id, n);
    for (const e of data.events) this.addEvent(e);
    for (const l of data.links) this.putLink(l);
  }

  nextId(kind: SeqKind): number {
    this.seq[kind] += 1;
    return this.seq[kind];
  }

  user(id: number): UserRecord | undefined {
    return this.users.find((u) => u.id === id);
  }

  fieldsOf(owner: FieldOwner, catalogId: number | null = null): FieldRecord[] {
    return this.fields.filter((f) => f.owner === owner && f.catalog_id === catalogId);
  }

  pipeline(id: number): PipelineRecord | undefined {
    return this.pipelines.find((p) => p.id === id);
  }

  mainPipeline(): PipelineRecord {
    const main = this.pipelines.find((p) => p.is_main) ?? this.pipelines[0];
    if (!main) throw new Error('the account has no pipeline');
    return main;
  }

  catalog(id: number): CatalogRecord | undefined {
    return this.catalogs.find((c) => c.id === id);
  }

  addEvent(e: EventRecord): void {
    this.events.push(e);
    this.eventsById.set(e.id, e);
  }

  putLink(l: LinkRecord): void {
    const key = linkKey(l);
    this.links.set(key, l);
    const from = `${l.entity_type}:${l.entity_id}`;
    const to = `${l.to_entity_type}:${l.to_entity_id}`;
    if (!this.linksFrom.has(from)) this.linksFrom.set(from, new Set());
    if (!this.linksTo.has(to)) this.linksTo.set(to, new Set());
    this.linksFrom.get(from)?.add(key);
    this.linksTo.get(to)?.add(key);
  }

  getLink(l: Pick<LinkRecord, 'entity_type' | 'entity_id' | 'to_entity_type' | 'to_entity_id'>) {
    return this.links.get(linkKey(l));
  }

  removeLink(l: Pick<LinkRecord, 'entity_type' | 'entity_id' | 'to_entity_type' | 'to_entity_id'>): boolean {
    const key = linkKey(l);
    if (!this.links.delete(key)) return false;
    this.linksFrom.get(`${l.entity_type}:${l.entity_id}`)?.delete(key);
    this.linksTo.get(`${l.to_entity_type}:${l.to_entity_id}`)?.delete(key);
    return true;
  }

  linksFromEntity(type: EntityKind, id: number): LinkRecord[] {
    return this.collect(this.linksFrom.get(`${type}:${id}`));
  }

  linksToEntity(type: LinkRecord['to_entity_type'], id: number): LinkRecord[] {
    return this.collect(this.linksTo.get(`${type}:${id}`));
  }

  allLinks(): LinkRecord[] {
    return [...this.links.values()];
  }

  private collect(keys: Set<string> | undefined): LinkRecord[] {
    const out: LinkRecord[] = [];
    for (const k of keys ?? []) {
      const l = this.links.get(k);
      if (l) out.push(l);
    }
    return out;
  }

  toData(): AccountData {
    return {
      seq: { ...this.seq },
      account: this.account,
      users: this.users,
      fields: this.fields,
      pipelines: this.pipelines,
      catalogs: this.catalogs,
      productsEnabled: this.productsEnabled,
      elements: [...this.elements.values()],
      contacts: [...this.contacts.values()],
      leads: [...this.leads.values()],
      links: this.allLinks(),
      notes: [...this.notes.values()],
      events: this.events,
      webhooks: this.webhooks,
      tags: this.tags,
    };
  }
}
