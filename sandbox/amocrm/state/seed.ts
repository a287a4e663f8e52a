import type { AccountData, EnumRecord, FieldRecord, StatusRecord } from './types.ts';

// Fixed ids so tests and the demo can rely on them. Several are the ids seen in the captured
// webhooks quoted in amocrm-api.md §10.2 (account 32427762, user 10000698, fields 735647…).
export const SEED = {
  accountId: 32427762,
  adminUserId: 10000698,
  managerUserId: 10000699,
  positionFieldId: 735647,
  phoneFieldId: 735649,
  emailFieldId: 735651,
  mainPipelineId: 9621010,
  unsortedStatusId: 76789226,
  firstStatusId: 76789230,
  wonStatusId: 142,
  lostStatusId: 143,
  productsCatalogId: 4521,
  skuFieldId: 271207,
  descriptionFieldId: 271209,
  priceFieldId: 271211,
  groupFieldId: 271213,
  externalIdFieldId: 271215,
} as const;

const phoneEnums = ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'];
const emailEnums = ['WORK', 'PRIV', 'OTHER'];

const enumsFrom = (values: string[], firstId: number): EnumRecord[] =>
  values.map((value, i) => ({ id: firstId + i * 2, value, sort: (i + 1) * 2 }));

const field = (
  f: Partial<FieldRecord> & Pick<FieldRecord, 'id' | 'owner' | 'name' | 'type'>,
): FieldRecord => ({
  catalog_id: null,
  code: null,
  sort: 500,
  is_predefined: false,
  is_deletable: true,
  is_api_only: false,
  is_visible: true,
  is_required: false,
  remind: null,
  enums: null,
  ...f,
});

export const systemStatuses = (): StatusRecord[] => [
  { id: 142, name: 'Успешно реализовано', sort: 10000, is_editable: false, color: '#CCFF66', type: 0 },
  { id: 143, name: 'Закрыто и не реализовано', sort: 11000, is_editable: false, color: '#D5D8DB', type: 0 },
];

export function seedAccount(opts: { subdomain: string; timezone: string; now: number }): AccountData {
  const { subdomain, timezone, now } = opts;
  const contactFields: FieldRecord[] = [
    field({ id: SEED.positionFieldId, owner: 'contacts', name: 'Должность', type: 'text', code: 'POSITION' }),
    field({
      id: SEED.phoneFieldId,
      owner: 'contacts',
      name: 'Телефон',
      type: 'multitext',
      code: 'PHONE',
      enums: enumsFrom(phoneEnums, 718321),
    }),
    field({
      id: SEED.emailFieldId,
      owner: 'contacts',
      name: 'Email',
      type: 'multitext',
      code: 'EMAIL',
      enums: enumsFrom(emailEnums, 718333),
    }),
  ].map((f, i) => ({ ...f, sort: 2 + i * 2, is_predefined: true, is_deletable: false }));

  const catalogField = (f: Partial<FieldRecord> & Pick<FieldRecord, 'id' | 'name' | 'type' | 'code'>) =>
    field({
      owner: 'catalogs',
      catalog_id: SEED.productsCatalogId,
      is_predefined: true,
      is_deletable: false,
      ...f,
    });
  const productFields = [
    catalogField({ id: SEED.skuFieldId, name: 'Артикул', type: 'text', code: 'SKU', sort: 10 }),
    catalogField({
      id: SEED.descriptionFieldId,
      name: 'Описание',
      type: 'textarea',
      code: 'DESCRIPTION',
      sort: 20,
    }),
    catalogField({ id: SEED.priceFieldId, name: 'Цена', type: 'price', code: 'PRICE', sort: 30 }),
    catalogField({
      id: SEED.groupFieldId,
      name: 'Группа',
      type: 'category',
      code: 'GROUP',
      sort: 40,
      enums: [],
    }),
    catalogField({
      id: SEED.externalIdFieldId,
      name: 'Внешний ID',
      type: 'text',
      code: 'EXTERNAL_ID',
      sort: 50,
      is_visible: false,
    }),
  ];

  return {
    seq: {
      contact: 37054081,
      lead: 32966269,
      field: 1246489,
      enum: 908107,
      pipeline: 9621010,
      status: 76789250,
      catalog: 4521,
      element: 525439,
      note: 42743871,
      event: 0,
      webhook: 839656,
      tag: 80147,
    },
    account: {
      id: SEED.accountId,
      name: subdomain,
      subdomain,
      created_at: now,
      timezone,
      currency: 'RUB',
      amojo_id: 'f3c6340d-0000-4000-8000-000000000001',
      uuid: '824f3a59-0000-4000-8000-000000000001',
    },
    users: [
      {
        id: SEED.adminUserId,
        name: 'Администратор',
        email: 'admin@example.com',
        is_admin: true,
        is_active: true,
      },
      {
        id: SEED.managerUserId,
        name: 'Мария Менеджер',
        email: 'maria@example.com',
        is_admin: false,
        is_active: true,
      },
    ],
    fields: [...contactFields, ...productFields],
    pipelines: [
      {
        id: SEED.mainPipelineId,
        name: 'Воронка',
        sort: 1,
        is_main: true,
        is_unsorted_on: true,
        is_archive: false,
        statuses: [
          {
            id: SEED.unsortedStatusId,
            name: 'Неразобранное',
            sort: 10,
            is_editable: false,
            color: '#c1c1c1',
            type: 1,
          },
          {
            id: SEED.firstStatusId,
            name: 'Первичный контакт',
            sort: 20,
            is_editable: true,
            color: '#99ccff',
            type: 0,
          },
          { id: 76789234, name: 'Переговоры', sort: 30, is_editable: true, color: '#ffff99', type: 0 },
          { id: 76789238, name: 'Принимают решение', sort: 40, is_editable: true, color: '#ffcc66', type: 0 },
          {
            id: 76789242,
            name: 'Согласование договора',
            sort: 50,
            is_editable: true,
            color: '#ffcccc',
            type: 0,
          },
          ...systemStatuses(),
        ],
      },
    ],
    catalogs: [
      {
        id: SEED.productsCatalogId,
        name: 'Товары',
        type: 'products',
        sort: 10,
        can_add_elements: true,
        can_show_in_cards: false,
        can_link_multiple: true,
        can_be_deleted: false,
        created_by: SEED.adminUserId,
        updated_by: SEED.adminUserId,
        created_at: now,
        updated_at: now,
      },
    ],
    productsEnabled: true,
    elements: [],
    contacts: [],
    leads: [],
    links: [],
    notes: [],
    events: [],
    webhooks: [],
    tags: [],
  };
}
