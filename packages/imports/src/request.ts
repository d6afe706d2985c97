import {
  DATA_KINDS,
  ZColumnSpec,
  ZKindRoles,
  type BadRowPolicy,
  type ColumnSpec,
  type DataKind,
  type KindRoles,
} from '@foresight/ingest';
import { z } from 'zod';

/** Where an import's rows go: a new dataset, or an existing one of the same kind. */
export const ZImportTarget = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('new'),
    name: z.string().trim().min(1, 'Give the dataset a name').max(120),
  }),
  z.object({ mode: z.enum(['append', 'replace']), datasetId: z.string().uuid() }),
]);

export type ImportTarget = z.infer<typeof ZImportTarget>;

/** The confirmed mapping of an import, as a person or a service sends it (roles unchecked). */
export const ZImportFields = z.object({
  kind: z.enum(DATA_KINDS),
  target: ZImportTarget,
  roles: z.unknown(),
  /** Every column of the file, in header order, with its confirmed type. */
  columns: z.array(ZColumnSpec).min(1).max(2000),
  badRows: z.enum(['reject', 'skip']).default('reject'),
});

/** A checked import: roles typed for the kind. */
export interface ImportRequest<K extends DataKind = DataKind> {
  kind: K;
  target: ImportTarget;
  roles: KindRoles[K];
  columns: ColumnSpec[];
  badRows: BadRowPolicy;
}

/** Checks the roles against the kind (their issues reported under `roles.…`). */
export function withKindRoles<T extends z.infer<typeof ZImportFields>>(
  input: T,
  ctx: z.RefinementCtx,
): Omit<T, 'roles'> & ImportRequest {
  const roles = ZKindRoles[input.kind].safeParse(input.roles);
  if (!roles.success) {
    for (const issue of roles.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['roles', ...issue.path] });
    }
    return z.NEVER;
  }
  return { ...input, roles: roles.data } as Omit<T, 'roles'> & ImportRequest;
}

/** The mapping an import job reads back from its upload (written by the request it checked). */
export const ZImportRequest = ZImportFields.transform(withKindRoles);
