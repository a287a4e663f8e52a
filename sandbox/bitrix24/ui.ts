// A human manager ("Мария Менеджер") editing the CRM in the browser: same store operations as the
// REST API, so the same events fire; never rate limited.

import { categoryOfStage } from './categories.ts';
import { createContact, deleteContact, findContact, legacyContactWrite, updateContact } from './contacts.ts';
import { createDeal, findDeal, updateDeal } from './deals.ts';
import type { ChangeOrigin, Portal } from './portal.ts';
import { replaceDealRows } from './productrows.ts';
import { MANAGER_USER_ID } from './state.ts';

export interface UiRow {
  productId: number;
  quantity: number;
  price?: number;
}

export interface UiDealInput {
  title: string;
  categoryId?: number;
  stageId?: string;
  contactId?: number;
  rows?: UiRow[];
}

export interface BitrixUi {
  /** Legacy-shaped fields (NAME, PHONE: [{VALUE, VALUE_TYPE}], UF_CRM_…); returns the new id. */
  createContact(fields: Record<string, unknown>): number;
  /** Legacy update semantics: PHONE items with ID replace/delete, without ID append. */
  updateContact(id: number, fields: Record<string, unknown>): void;
  deleteContact(id: number): void;
  createDeal(input: UiDealInput): number;
  moveDealStage(id: number, stageId: string): void;
  setDealRows(id: number, rows: UiRow[]): void;
}

export class UiError extends Error {
  readonly status: number;

  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}

const MANAGER: ChangeOrigin = { userId: MANAGER_USER_ID, clientId: null, authConnector: '' };

function rowInputs(portal: Portal, rows: UiRow[]): Array<Record<string, unknown>> {
  return rows.map((row) => ({
    PRODUCT_ID: row.productId,
    QUANTITY: row.quantity,
    PRICE: row.price ?? portal.state.products[String(row.productId)]?.price?.price ?? 0,
  }));
}

export function createUi(portal: () => Portal): BitrixUi {
  const contact = (id: number) => {
    const record = findContact(portal(), id);
    if (!record) throw new UiError(`Contact ${id} not found`, 404);
    return record;
  };
  const deal = (id: number) => {
    const record = findDeal(portal(), id);
    if (!record) throw new UiError(`Deal ${id} not found`, 404);
    return record;
  };
  return {
    createContact(fields) {
      const current = portal();
      return createContact(current, legacyContactWrite(current, fields, 'add'), MANAGER).ID;
    },
    updateContact(id, fields) {
      const current = portal();
      updateContact(current, contact(id), legacyContactWrite(current, fields, 'update'), MANAGER);
    },
    deleteContact(id) {
      deleteContact(portal(), contact(id).ID, MANAGER);
    },
    createDeal(input) {
      const current = portal();
      const categoryId =
        input.categoryId ?? (input.stageId ? (categoryOfStage(current.state, input.stageId) ?? 0) : 0);
      if (!current.state.categories[String(categoryId)])
        throw new UiError(`Pipeline ${categoryId} not found`);
      const values: Record<string, unknown> = { TITLE: input.title, CATEGORY_ID: categoryId };
      if (input.stageId) values.STAGE_ID = input.stageId;
      const record = createDeal(
        current,
        { values, contactIds: input.contactId ? [input.contactId] : [] },
        MANAGER,
      );
      if (input.rows && input.rows.length > 0)
        replaceDealRows(current, record, rowInputs(current, input.rows), MANAGER);
      return record.ID;
    },
    moveDealStage(id, stageId) {
      const current = portal();
      const record = deal(id);
      const categoryId = categoryOfStage(current.state, stageId);
      if (categoryId === null) throw new UiError(`Stage ${stageId} not found`);
      updateDeal(current, record, { values: { CATEGORY_ID: categoryId, STAGE_ID: stageId } }, MANAGER, {
        allowCategoryChange: true,
      });
    },
    setDealRows(id, rows) {
      const current = portal();
      replaceDealRows(current, deal(id), rowInputs(current, rows), MANAGER);
    },
  };
}
