import type { ColumnSpec, DataKind, Detection, RoleProposals } from '@foresight/ingest';
import { checkRoles, type KindAndRoles } from '~/lib/roles';
import {
  nameFromFile,
  normaliseSpec,
  type BadRows,
  type ImportTarget,
  type PresetTarget,
} from '~/lib/uploads';
import { checkTarget, type TargetState } from './target-fields';

/** Everything the user confirms on the mapping step. */
export interface MappingState {
  proposals: RoleProposals;
  columns: ColumnSpec[];
  startingCash: string;
  target: TargetState;
  badRows: BadRows;
}

export function initialMapping(
  detection: Detection,
  fileName: string,
  preset: PresetTarget | undefined,
): MappingState {
  return {
    proposals: detection.proposals,
    columns: detection.columns.map(normaliseSpec),
    startingCash: '',
    target: preset
      ? { mode: preset.mode, name: '', datasetId: preset.datasetId, confirmReplace: false }
      : { mode: 'new', name: nameFromFile(fileName), datasetId: '', confirmReplace: false },
    badRows: 'reject',
  };
}

export type IngestRequest = KindAndRoles & {
  uploadId: string;
  target: ImportTarget;
  columns: ColumnSpec[];
  badRows: BadRows;
};

/** The `uploads.ingest` input, or what is still missing. */
export function buildIngest(
  uploadId: string,
  kind: DataKind,
  m: MappingState,
): { ok: true; request: IngestRequest } | { ok: false; problems: string[] } {
  const roles = checkRoles(kind, m.proposals, m.startingCash);
  const target = checkTarget(m.target);
  const problems = [
    ...(roles.ok ? [] : roles.problems),
    ...('problem' in target ? [target.problem] : []),
  ];
  if (!roles.ok || 'problem' in target) return { ok: false, problems };
  return {
    ok: true,
    request: {
      ...roles.value,
      uploadId,
      target: target.target,
      columns: m.columns,
      badRows: m.badRows,
    },
  };
}
