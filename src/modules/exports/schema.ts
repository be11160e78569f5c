import { Type } from 'typebox';

const literals = (values: readonly string[], options = {}) => Type.Union(values.map((v) => Type.Literal(v)), options);

export const ExportFilter = Type.Object(
  {
    orgCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'check-ins: sites of this org unit and below' })),
    siteCode: Type.Optional(Type.String({ minLength: 1, maxLength: 16, description: 'check-ins: one site' })),
    siteKind: Type.Optional(literals(['checkpoint', 'community', 'floating', 'station'], { description: 'check-ins: sites of this kind' })),
    flagged: Type.Optional(Type.Boolean({ description: 'check-ins: flagged ones only' })),
    listId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'list entries: the list (or give its name)' })),
    list: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'list entries: the name of the list' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'check-ins by their time, list entries by the time listed' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'exclusive' })),
  },
  { additionalProperties: false },
);

export const ExportBody = Type.Object(
  {
    kind: literals(['checkins', 'list_entries']),
    format: literals(['csv', 'xlsx']),
    filter: Type.Optional(ExportFilter),
    reveal: Type.Optional(
      Type.Object(
        { purpose: Type.String({ minLength: 1, maxLength: 200, description: 'why the values are needed in clear (audited)' }) },
        { additionalProperties: false, description: 'values in clear instead of masked: administrators and analysts only' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The file itself (CSV or XLSX), streamed. */
export const ExportFile = Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
