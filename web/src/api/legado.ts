/** Moving in from Legado (issue 22): import a backup zip, download the shelf as one. */
import { ensureCsrf, failedAnswer, readJson, unanswered, withQuery } from './client.ts';
import type { LegadoImportReport } from './types.ts';

/** Where the shelf downloads as a Legado backup zip (a plain link: the browser saves it). */
export const LEGADO_EXPORT_URL = '/api/export/legado-backup';

/** Sends the zip itself as the body (the server takes no forms); the outcome of every record. */
export async function importLegadoBackup(file: File): Promise<LegadoImportReport> {
  let response: Response;
  try {
    response = await fetch(withQuery('/api/import/legado-backup', { fileName: file.name }), {
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
    throw unanswered(error);
  }
  const data = readJson(await response.text());
  if (response.ok) return data as LegadoImportReport;
  throw failedAnswer(response.status, response.statusText, data);
}
