/**
 * Writing PHP bracket notation (`fields[PHONE][0][VALUE]=…`), the query syntax of Bitrix24 batch
 * commands and form bodies. Reading it back (webhook bodies) is bracket-form.ts.
 */
import qs from 'qs';

/**
 * Everything is percent-encoded except the brackets of keys (as in the CRMs' own examples; filter
 * keys such as `filter[>=DATE_MODIFY]` need their `=` encoded); `null` becomes an empty value and
 * `undefined` is left out. A value that is exactly a batch reference (`$result[key][0][ID]`) is
 * left as written, so the server can substitute it.
 */
export function toPhpQuery(params: Readonly<Record<string, unknown>>): string {
  return qs.stringify(params, {
    arrayFormat: 'indices',
    encoder: (text, defaultEncoder, charset, type) => {
      if (type === 'value' && typeof text === 'string' && BATCH_REFERENCE.test(text)) return text;
      const encoded = defaultEncoder(text, defaultEncoder, charset);
      return type === 'key' ? encoded.replace(/%5B/gi, '[').replace(/%5D/gi, ']') : encoded;
    },
  });
}

const BATCH_REFERENCE = /^\$result(\[[A-Za-z0-9_]+\])+$/;
