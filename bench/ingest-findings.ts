/**
 * What the ingest measurements mean, written by whoever last analysed them (with the date): the tables
 * above it are regenerated on every run, this reading is not — re-check it when the ingest path changes.
 */
export const INGEST_FINDINGS: readonly string[] = [
  '### What limits it (analysis of 2026-11-29)',
  '',
  '- **Round trips are not the limit at batch 500.** A batch costs 14 statements whatever its size',
  '  (begin, seven multi-row writes — the card index among them — five selects, commit). At batch 1 they',
  '  are: the same statements and a commit (a WAL flush on PostgreSQL) per event, hence ~30× fewer',
  '  events/s — Lime should batch.',
  '- **Building SQL was the limit.** Before `src/store/bulk-insert.ts`, drizzle’s `.values(rows)` made a',
  '  placeholder per value (~15,000 per 500-event batch) and the hub spent ~60 % of its CPU in drizzle’s',
  '  `is()` / `buildQueryFromSourceParams` / `prepareTyping` — more than PostgreSQL needed to run the',
  '  statements. The four big inserts (`audit_log`, `inbound_events`, `transactions`, `clients`) now send',
  '  ONE JSON parameter that PostgreSQL unpacks (`jsonb_array_elements … with ordinality`): same rows,',
  '  same conflict rules (`src/store/bulk-insert.int.test.ts` compares them with drizzle’s on both engines),',
  '  1.88× (PGlite) and 2.82× (PostgreSQL) the throughput, ratio of medians of three alternating rounds',
  '  against a tree with drizzle’s `.values()` (`--baseline`, run of 2026-11-29T10:43Z on a loaded machine).',
  '- **What is left at batch 500** (profile below): drizzle still builds the `family_links` upsert (~700',
  '  parameters) and the `inArray` selects, one parameter per id (the erasure check, `loadClients` — which',
  '  reads whole client rows where `applyTransactions` needs only the category — and `parentsOf` twice);',
  '  `JSON.stringify` of the rows and payloads (most of the `src/store` self time); validation (zod and',
  '  libphonenumber, 9–45 ms per 500 events depending on the load); socket writes; GC. PostgreSQL and the',
  '  load generator need the same two cores (shared with other jobs), so the hub is never alone on them:',
  '  this tree made 15,577 events/s at a load average of about 1 (13:08Z) where the morning’s tree made',
  '  5,066 at 3.8 (10:43Z), batch 500 on PostgreSQL: compare rows of one run.',
  '- **Next, if more is needed:** the same one-parameter insert for `family_links` and `cards`;',
  '  `= any($1::text[])` instead of `inArray` for id lists; select only `client_id, category` in',
  '  `applyTransactions`.',
  '- **PGlite** runs one connection, so requests queue one behind another: about half of PostgreSQL’s',
  '  throughput at batch 500, and a 500–750 MB resident set (its WebAssembly heap is never given back).',
];
