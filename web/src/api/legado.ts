/** Moving in from Legado (issue 22): import a backup zip, download the shelf as one. */
import { ApiError, ensureCsrf } from './client.ts';

export interface LegadoImportItem {
  readonly kind: string;
  readonly name: string;
  readonly status: 'imported' | 'unchanged' | 'skipped';
  readonly reason?: string;
  readonly bookId?: number;
}

export interface LegadoImportReport {
  readonly items: readonly LegadoImportItem[];
  readonly counts: {
    readonly imported: number;
    readonly unchanged: number;
    readonly skipped: number;
  };
}

/** Where the shelf downloads as a Legado backup zip (a plain link: the browser saves it). */
export const LEGADO_EXPORT_URL = '/api/export/legado-backup';

/** Sends the zip itself as the body (the server takes no forms); the outcome of every record. */
export async function importLegadoBackup(file: File): Promise<LegadoImportReport> {
  let response: Response;
  try {
    response = await fetch(`/api/import/legado-backup?fileName=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': 'application/zip',
        'X-CSRF-Token': await ensureCsrf(),
      },
      body: file,
    });
  } catch (error) {
    throw new ApiError(0, 'offline', error instanceof Error ? error.message : String(error));
  }
  const data = (await response.json().catch(() => undefined)) as unknown;
  if (response.ok) return data as LegadoImportReport;
  const failure = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
  throw new ApiError(
    response.status,
    failure?.code ?? `http-${response.status}`,
    failure?.message ?? response.statusText,
  );
}
