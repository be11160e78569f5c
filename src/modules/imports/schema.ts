// HTTP shapes of the imports area (see the HTTP contract of issue 5).
import { Type } from 'typebox';
import { Nullable } from '../../http/schemas.ts';
import { IMPORT_FIELDS } from './fields.ts';
import { HOUSEHOLD_FIELDS } from './household-row.ts';

/** field -> the file's header */
export const Columns = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 200 }), {
  description: `field -> the header of the file's column; fields of a list: ${IMPORT_FIELDS.join(', ')}; of households: ${HOUSEHOLD_FIELDS.join(', ')}`,
});

export const Target = Type.Union([Type.Literal('list'), Type.Literal('households')], { description: 'list: entries of a list; households: the grids\' addresses and their members' });

const Status = Type.Union([Type.Literal('uploaded'), Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]);

export const ImportViewSchema = Type.Object({
  id: Type.String(),
  status: Status,
  fileName: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  listId: Nullable(Type.String()),
  listName: Nullable(Type.String()),
  bytesTotal: Type.Integer(),
  bytesDone: Type.Integer(),
  read: Type.Integer(),
  imported: Type.Integer(),
  unchanged: Type.Integer(),
  refused: Type.Integer(),
  personsCreated: Type.Integer(),
  candidates: Type.Integer(),
  checkinsLinked: Type.Integer(),
  target: Target,
  addressesCreated: Type.Integer({ description: 'a household import: the addresses it added' }),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
});

const Mapping = Type.Object({ name: Type.String(), columns: Columns });

export const UploadQuery = Type.Object({
  fileName: Type.Optional(Type.String({ maxLength: 255, description: 'the file name; .csv or .xlsx says the format' })),
  target: Type.Optional(Target),
});

export const UploadAnswerSchema = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  bytes: Type.Integer(),
  headers: Type.Array(Type.String()),
  suggested: Columns,
  mappings: Type.Array(Mapping),
});

export const PreviewBody = Type.Object({ columns: Columns, target: Type.Optional(Target) }, { additionalProperties: false });

export const PreviewAnswer = Type.Object({
  rows: Type.Array(
    Type.Object({
      rowNo: Type.Integer(),
      values: Type.Record(Type.String(), Nullable(Type.String()), { description: 'masked values of the mapped fields' }),
      refusals: Type.Array(Type.Object({ column: Type.String(), reason: Type.String(), message: Type.String() })),
    }),
  ),
});

export const StartBody = Type.Object(
  {
    list: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'name of the list to import into (in your scope); not with target households' })),
    target: Type.Optional(Target),
    columns: Columns,
    saveMappingAs: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'also save this mapping under this name' })),
  },
  { additionalProperties: false },
);

export const ImportList = Type.Object({ items: Type.Array(ImportViewSchema) });
export const MappingList = Type.Object({ items: Type.Array(Mapping) });
export const MappingSchema = Mapping;
export const MappingParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const MappingBody = Type.Object({ columns: Columns }, { additionalProperties: false });
/** a CSV text, streamed */
export const CsvText = Type.Unsafe<unknown>({ type: 'string', description: 'text/csv' });
