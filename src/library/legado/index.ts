// Moving in from Legado (阅读): its backup zip in and out, its WebDAV progress files.
export { importLegadoBackup } from './import-legado-backup.ts';
export type {
  LegadoImportItem,
  LegadoImportPorts,
  LegadoImportProgress,
  LegadoImportReport,
} from './import-legado-backup.ts';
export { exportLegadoBackup } from './export-legado-backup.ts';
export type { LegadoExportPorts } from './export-legado-backup.ts';
export { applyLegadoProgress, legadoProgressOf } from './legado-progress.ts';
export { readLegadoProgress } from './legado-shapes.ts';
export type { LegadoBookProgress } from './legado-shapes.ts';
export { BACKUP_ZIP_MAX_BYTES } from './backup-zip.ts';
